import { defineLink, defineModule, defineReadOnlyLink } from "./core-query";

export const Product = defineModule("product", { models: ["product"] });
export const Brand = defineModule("brand", { models: ["brand"] });
export const Hello = defineModule("helloModuleService", { models: ["my_custom"] });

/** A brand has many products; a product has one brand. */
export const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);

/** A product has many customs, each with link metadata and a rank. */
export const productCustom = defineLink(
  Product.linkable.product,
  { linkable: Hello.linkable.myCustom, isList: true },
  { database: { extraColumns: { metadata: { type: "json", nullable: true }, rank: { type: "integer", default: 0 } } } },
);

export const links = [productBrand, productCustom] as const;

/** my_custom stores its brand itself: followed both ways, without a link table. */
export const customBrand = defineReadOnlyLink({ linkable: Hello.linkable.myCustom, field: "brand_id" }, Brand.linkable.brand);
export const brandCustoms = defineReadOnlyLink(
  { linkable: Brand.linkable.brand, field: "id" },
  { linkable: Hello.linkable.myCustom, field: "brand_id", isList: true },
);
export const readOnlyLinks = [customBrand, brandCustoms];

export const Fields = {
  product: ["id", "title", "price", "deleted_at"],
  brand: ["id", "name", "deleted_at"],
  my_custom: ["id", "name", "brand_id", "deleted_at"],
} as const;

const gone = new Date("2024-01-01T00:00:00Z");

export const rows: Record<keyof typeof Fields, readonly Record<string, unknown>[]> = {
  brand: [
    { id: "brand_acme", name: "acme", deleted_at: null },
    { id: "brand_bolt", name: "bolt", deleted_at: null },
    { id: "brand_zen", name: "zenith", deleted_at: null },
    { id: "brand_gone", name: "gone", deleted_at: gone },
  ],
  product: [
    { id: "prod_1", title: "Anvil", price: 30, deleted_at: null },
    { id: "prod_2", title: "Bucket", price: 10, deleted_at: null },
    { id: "prod_3", title: "Chisel", price: 20, deleted_at: null },
    { id: "prod_4", title: "Drill", price: 50, deleted_at: null },
    { id: "prod_5", title: "Easel", price: 40, deleted_at: null },
    { id: "prod_6", title: "File", price: 5, deleted_at: gone },
    { id: "prod_7", title: "Gauge", price: 15, deleted_at: null },
  ],
  my_custom: [
    { id: "mc_1", name: "red", brand_id: "brand_acme", deleted_at: null },
    { id: "mc_2", name: "green", brand_id: "brand_zen", deleted_at: null },
    { id: "mc_3", name: "blue", brand_id: null, deleted_at: null },
    { id: "mc_4", name: "black", brand_id: "brand_acme", deleted_at: null },
  ],
};

/** product -> brand links (prod_5 has none; prod_7's brand is soft-deleted). */
export const brandLinks = [
  ["prod_1", "brand_acme"],
  ["prod_2", "brand_acme"],
  ["prod_3", "brand_zen"],
  ["prod_4", "brand_bolt"],
  ["prod_6", "brand_acme"],
  ["prod_7", "brand_gone"],
] as const;

/** product -> my_custom links with data; prod_3 -> mc_4 is dismissed after creation. */
export const customLinks = [
  { product: "prod_1", custom: "mc_1", data: { metadata: { color: "red" }, rank: 2 } },
  { product: "prod_1", custom: "mc_2", data: { metadata: null, rank: 1 } },
  { product: "prod_1", custom: "mc_3", data: { rank: 3 } },
  { product: "prod_3", custom: "mc_4", data: { rank: 0 } },
] as const;
