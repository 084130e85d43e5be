import type { AppContainer } from "./app-container.js";

/** Readable ids of the seeded records, used by the printed curl examples. */
export const SEED = {
  brand: "brand_acme",
  otherBrand: "brand_globex",
  product: "prod_shirt",
  otherProduct: "prod_mug",
  variant: "variant_shirt_s",
  custom: "mc_gift_wrap",
  inventoryItem: "iitem_shirt_s",
} as const;

/**
 * Adds a few records and links when the database has no products yet.
 * Returns whether it seeded.
 *
 * @example if (await seedIfEmpty(container)) console.log("seeded")
 */
export async function seedIfEmpty(container: AppContainer): Promise<boolean> {
  const { product, brand, helloModuleService, inventory, remoteLink } = container.cradle;
  if (!(await product.isEmpty())) return false;
  await brand.create({ id: SEED.brand, name: "Acme" });
  await brand.create({ id: SEED.otherBrand, name: "Globex" });
  await product.createProduct({
    id: SEED.product,
    title: "Shirt",
    variants: [
      { id: SEED.variant, title: "Shirt S", sku: "SHIRT-S" },
      { id: "variant_shirt_m", title: "Shirt M", sku: "SHIRT-M" },
    ],
  });
  await product.createProduct({ id: SEED.otherProduct, title: "Mug", variants: [{ id: "variant_mug", title: "Mug", sku: "MUG" }] });
  await helloModuleService.create({ id: SEED.custom, name: "Gift wrap" });
  await helloModuleService.create({ id: "mc_engraving", name: "Engraving" });
  await inventory.create({ id: SEED.inventoryItem, sku: "SHIRT-S", quantity: 10 });
  await inventory.create({ id: "iitem_shirt_m", sku: "SHIRT-M", quantity: 4 });
  await inventory.create({ id: "iitem_mug", sku: "MUG", quantity: 25 });
  await remoteLink.create([
    { product: { product_id: SEED.otherProduct }, brand: { brand_id: SEED.otherBrand } },
    { product: { product_variant_id: SEED.variant }, inventory: { inventory_item_id: SEED.inventoryItem } },
    { product: { product_variant_id: "variant_shirt_m" }, inventory: { inventory_item_id: "iitem_shirt_m" } },
    { product: { product_variant_id: "variant_mug" }, inventory: { inventory_item_id: "iitem_mug" } },
  ]);
  return true;
}
