import { defineLink } from "@modlink/core";
import { Hello, Product } from "../fixtures";

/** Deleting a product deletes its my_custom records. */
export default defineLink(Product.linkable.product, { linkable: Hello.linkable.myCustom, deleteCascade: true });
