import { defineReadOnlyLink } from "@modlink/query";
import { Product } from "./modules/product.js";

/**
 * The product module already stores each variant's product (`product_variants.product_id`):
 * queries follow that key both ways (`product_variant.product`, `product.product_variants`), no link table.
 */
export const readOnlyLinks = [
  defineReadOnlyLink({ linkable: Product.linkable.productVariant, field: "product_id" }, Product.linkable.product),
  defineReadOnlyLink({ linkable: Product.linkable.product, field: "id" }, { linkable: Product.linkable.productVariant, field: "product_id", isList: true }),
] as const;
