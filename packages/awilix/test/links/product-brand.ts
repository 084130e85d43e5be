import { defineLink } from "@modlink/core";
import { Brand, Product } from "../fixtures";

/** A brand has many products. */
export const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);
