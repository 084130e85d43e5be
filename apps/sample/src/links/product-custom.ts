import { defineLink } from "@modlink/core";
import { Hello } from "../modules/hello.js";
import { Product } from "../modules/product.js";

/** Deleting a product deletes its my_custom records; each link carries optional metadata. */
export const productCustom = defineLink(
  Product.linkable.product,
  { linkable: Hello.linkable.myCustom, deleteCascade: true },
  { database: { extraColumns: { metadata: { type: "json", nullable: true } } } },
);
