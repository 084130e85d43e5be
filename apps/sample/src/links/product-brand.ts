import { defineLink } from "@modlink/core";
import { Brand } from "../modules/brand.js";
import { Product } from "../modules/product.js";

/** A brand has many products; a product has one brand. */
export const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);
