import { type StoredLink, defineLink, defineModule } from "@modlink/core";

export const Product = defineModule("product", { models: ["product"] });
export const Brand = defineModule("brand", { models: ["brand"] });
export const Tag = defineModule("tag", { models: ["tag"] });
export const Customer = defineModule("customer", { models: ["customer"] });
export const Order = defineModule("order", { models: ["order"] });

/** A brand has many products; a product has at most one live brand. */
export const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);

/** Many to many, with an extra column of every type. */
export const productTag = defineLink(
  { linkable: Product.linkable.product, isList: true },
  { linkable: Tag.linkable.tag, isList: true },
  {
    database: {
      idPrefix: "ptag",
      extraColumns: {
        note: { type: "text", nullable: true },
        rank: { type: "integer", default: 0 },
        views: { type: "bigint", nullable: true },
        score: { type: "float", nullable: true },
        pinned: { type: "boolean", default: false },
        meta: { type: "json", nullable: true },
        seen_at: { type: "timestamp", nullable: true },
      },
    },
  },
);

/** One to one: each order has one customer and each customer one order. */
export const orderCustomer = defineLink(Order.linkable.order, Customer.linkable.customer);

/** A `productTag` link as `list()` returns it, written out from the README's row shape. */
export function asListed(link: StoredLink): Record<string, unknown> {
  return {
    id: link.id,
    product_id: link.left,
    tag_id: link.right,
    ...link.data,
    created_at: link.createdAt,
    updated_at: link.updatedAt,
    deleted_at: link.deletedAt,
  };
}

/** A fresh schema name, so tests sharing one database do not see each other's tables. */
export function freshSchema(prefix = "t"): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
}
