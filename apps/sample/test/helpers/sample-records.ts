import { expect } from "vitest";
import { type ApiClient, stringAt } from "./api-client.js";

/** Ids of the records `freshRecords` creates. */
export interface SampleRecords {
  readonly productId: string;
  readonly variantId: string;
  readonly otherVariantId: string;
  readonly brandId: string;
  readonly otherBrandId: string;
  readonly customId: string;
  readonly itemId: string;
  readonly otherItemId: string;
}

/**
 * A fresh product with two variants, two brands, a my_custom record and two
 * inventory items, made over HTTP.
 *
 * @example const r = await freshRecords(api); await api.delete(`/products/${r.productId}`)
 */
export async function freshRecords(api: ApiClient): Promise<SampleRecords> {
  const product = await api.post("/products", { title: "Lamp", variants: [{ title: "Lamp small", sku: "LAMP-S" }, { title: "Lamp large" }] });
  expect(product.status, product.text).toBe(201);
  const brand = await api.post("/brands", { name: "Brightly" });
  const otherBrand = await api.post("/brands", { name: "Dimly" });
  const custom = await api.post("/customs", { name: "Engraving" });
  const item = await api.post("/inventory-items", { sku: "LAMP-S", quantity: 3 });
  const otherItem = await api.post("/inventory-items", { sku: "SPARE" });
  return {
    productId: stringAt(product.body, "product", "id"),
    variantId: stringAt(product.body, "product", "variants", 0, "id"),
    otherVariantId: stringAt(product.body, "product", "variants", 1, "id"),
    brandId: stringAt(brand.body, "brand", "id"),
    otherBrandId: stringAt(otherBrand.body, "brand", "id"),
    customId: stringAt(custom.body, "custom", "id"),
    itemId: stringAt(item.body, "inventoryItem", "id"),
    otherItemId: stringAt(otherItem.body, "inventoryItem", "id"),
  };
}

/**
 * `freshRecords` with three links: the product to the my_custom record (with
 * metadata, cascading) and to the first brand, the first variant to the
 * first inventory item.
 */
export async function linkedRecords(api: ApiClient): Promise<SampleRecords> {
  const r = await freshRecords(api);
  const created = await api.post("/links", [
    { product: { product_id: r.productId }, helloModuleService: { my_custom_id: r.customId }, data: { metadata: { note: "gift" } } },
    { product: { product_id: r.productId }, brand: { brand_id: r.brandId } },
    { product: { product_variant_id: r.variantId }, inventory: { inventory_item_id: r.itemId } },
  ]);
  expect(created.status, created.text).toBe(201);
  return r;
}

/** Checks an error response: its status and `{ error: { code, message } }`. */
export function expectError(response: { status: number; body: unknown; text: string }, status: number, code: string): void {
  expect(response.status, response.text).toBe(status);
  expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
}
