import { expect, it } from "vitest";
import { at } from "./api-client.js";
import type { HttpApiContext } from "./http-api-context.js";
import { expectError, linkedRecords } from "./sample-records.js";

/**
 * Taking records and links away over HTTP: `DELETE /products/:id` with its
 * cascade, `POST /products/:id/restore`, dismissing one pair, and unknown
 * products. Registers tests in the caller's describe.
 */
export function httpDeleteRestoreTests(ctx: HttpApiContext): void {
  const { api, linksOf } = ctx;

  it("deleting a product soft-deletes its variants, their links, and (deleteCascade) its my_custom record", async () => {
    const r = await linkedRecords(api);
    const deleted = await api.delete(`/products/${r.productId}`);
    expect(deleted.status, deleted.text).toBe(200);
    expect(at(deleted.body, "deleted")).toEqual({ product_id: [r.productId], product_variant_id: expect.arrayContaining([r.variantId, r.otherVariantId]) });
    expect(at(deleted.body, "cascade", "records")).toEqual({ helloModuleService: { my_custom_id: [r.customId] } });
    expect(at((await api.get(`/customs/${r.customId}`)).body, "custom", "deleted_at")).toEqual(expect.any(String));
    // Not cascading sides keep their records.
    expect(at((await api.get(`/brands/${r.brandId}`)).body, "brand", "deleted_at")).toBeNull();
    expect(at((await api.get(`/inventory-items/${r.itemId}`)).body, "inventoryItem", "deleted_at")).toBeNull();
    expect(await linksOf(r.productId)).toEqual([]);
    expect(await linksOf(r.productId, true)).toHaveLength(3);
    expectError(await api.delete(`/products/${r.productId}`), 409, "ALREADY_DELETED");
  });

  it("restoring the product brings back exactly what the delete removed, not a dismissed link", async () => {
    const r = await linkedRecords(api);
    const dismissed = await api.post("/links/dismiss", { product: { product_id: r.productId }, brand: { brand_id: r.brandId } });
    expect(dismissed.body).toEqual({ dismissed: 1 });
    expect((await api.delete(`/products/${r.productId}`)).status).toBe(200);
    const restored = await api.post(`/products/${r.productId}/restore`);
    expect(restored.status, restored.text).toBe(200);
    expect(at(restored.body, "cascade", "records")).toEqual({ helloModuleService: { my_custom_id: [r.customId] } });
    expect(at((await api.get(`/customs/${r.customId}`)).body, "custom", "deleted_at")).toBeNull();
    expect(at((await api.get(`/products/${r.productId}`)).body, "product", "deleted_at")).toBeNull();
    const links = await linksOf(r.productId);
    expect(links).toHaveLength(2);
    expect(links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ my_custom_id: r.customId, metadata: { note: "gift" } }),
        expect.objectContaining({ product_variant_id: r.variantId, inventory_item_id: r.itemId }),
      ]),
    );
    expectError(await api.post(`/products/${r.productId}/restore`), 409, "NOT_DELETED");
  });

  it("dismiss removes only that pair, through POST /links/dismiss or DELETE /links", async () => {
    const r = await linkedRecords(api);
    const viaDelete = await api.delete("/links", { product: { product_variant_id: r.variantId }, inventory: { inventory_item_id: r.itemId } });
    expect(viaDelete.status, viaDelete.text).toBe(200);
    expect(viaDelete.body).toEqual({ dismissed: 1 });
    expect((await api.post("/links/dismiss", { product: { product_id: r.productId }, brand: { brand_id: r.brandId } })).body).toEqual({ dismissed: 1 });
    expect((await api.post("/links/dismiss", { product: { product_id: r.productId }, brand: { brand_id: r.brandId } })).body).toEqual({ dismissed: 0 });
    expect(await linksOf(r.productId)).toEqual([expect.objectContaining({ my_custom_id: r.customId })]);
    // The variant can now take the other item.
    expect((await api.post("/links", { product: { product_variant_id: r.variantId }, inventory: { inventory_item_id: r.otherItemId } })).status).toBe(201);
  });

  it("unknown products are 404 for delete, restore and links", async () => {
    expectError(await api.delete("/products/prod_missing"), 404, "NOT_FOUND");
    expectError(await api.post("/products/prod_missing/restore"), 404, "NOT_FOUND");
    expectError(await api.get("/products/prod_missing"), 404, "NOT_FOUND");
  });
}
