import { defineLink } from "@modlink/core";
import { defineReadOnlyLink } from "@modlink/query";
import { Brand } from "./modules/brand.js";
import { Hello } from "./modules/hello.js";
import { Inventory } from "./modules/inventory.js";
import { Product } from "./modules/product.js";

/** A brand has many products; a product has one brand. */
export const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);

/** Deleting a product deletes its my_custom records; each link carries optional metadata. */
export const productCustom = defineLink(
  Product.linkable.product,
  { linkable: Hello.linkable.myCustom, deleteCascade: true },
  { database: { extraColumns: { metadata: { type: "json", nullable: true } } } },
);

/** One inventory item per variant, one variant per inventory item. */
export const variantInventory = defineLink(Product.linkable.productVariant, Inventory.linkable.inventoryItem);

export const links = [productBrand, productCustom, variantInventory] as const;
export type AppLinks = typeof links;

/**
 * The product module already stores each variant's product (`product_variants.product_id`):
 * queries follow that key both ways (`product_variant.product`, `product.product_variants`), no link table.
 */
export const readOnlyLinks = [
  defineReadOnlyLink({ linkable: Product.linkable.productVariant, field: "product_id" }, Product.linkable.product),
  defineReadOnlyLink({ linkable: Product.linkable.product, field: "id" }, { linkable: Product.linkable.productVariant, field: "product_id", isList: true }),
] as const;

export const modules = [Product, Brand, Hello, Inventory] as const;
export type AppModuleName = (typeof modules)[number]["name"];
