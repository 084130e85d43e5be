import { defineLink } from "@modlink/core";
import { Inventory } from "../modules/inventory.js";
import { Product } from "../modules/product.js";

/** One inventory item per variant, one variant per inventory item. */
export const variantInventory = defineLink(Product.linkable.productVariant, Inventory.linkable.inventoryItem);
