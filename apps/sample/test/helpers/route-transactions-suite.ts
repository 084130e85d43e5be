import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/start-server.js";
import { type ApiClient, apiClient, at } from "./api-client.js";
import { DatabaseBackDoor } from "./database-back-door.js";
import { expectError, freshRecords, linkedRecords } from "./sample-records.js";
import { type WriteFaults, installWriteFaults } from "./write-faults.js";

/**
 * Each writing route is one transaction: a failure in its last step (the
 * cascade's write to the my_custom record) leaves everything as it was, and
 * sending the request again completes it. Run against one database URL.
 */
export function routeTransactionsSuite(name: string, databaseUrl: () => string): void {
  describe(`each route is one transaction on ${name}`, () => {
    let server: RunningServer;
    let api: ApiClient;
    let db: DatabaseBackDoor;
    let faults: WriteFaults;

    beforeAll(async () => {
      server = await startServer({ databaseUrl: databaseUrl(), port: 0, seed: false });
      api = apiClient(server.url);
      const knex = server.container.resolve("knex");
      db = new DatabaseBackDoor(knex);
      faults = await installWriteFaults(knex);
    });

    afterAll(async () => {
      await server?.close();
    });

    it("a delete whose cascade fails deletes nothing, and sending it again deletes the product and cascades", async () => {
      const r = await linkedRecords(api);
      const ids = [r.productId, r.variantId, r.otherVariantId];
      await faults.arm(r.customId);
      expectError(await api.delete(`/products/${r.productId}`), 500, "CASCADE_FAILED");
      expect(await db.isDeleted("products", r.productId)).toBe(false);
      expect(await db.isDeleted("product_variants", r.variantId)).toBe(false);
      expect(await db.isDeleted("my_customs", r.customId)).toBe(false);
      expect(await db.liveLinks(ids)).toBe(3);

      await faults.disarm(r.customId);
      const again = await api.delete(`/products/${r.productId}`);
      expect(again.status, again.text).toBe(200);
      expect(at(again.body, "cascade", "records")).toEqual({ helloModuleService: { my_custom_id: [r.customId] } });
      expect(await db.isDeleted("products", r.productId)).toBe(true);
      expect(await db.isDeleted("my_customs", r.customId)).toBe(true);
      expect(await db.liveLinks(ids)).toBe(0);
    });

    it("a restore whose cascade fails restores nothing, and sending it again restores exactly what the delete removed", async () => {
      const r = await linkedRecords(api);
      const ids = [r.productId, r.variantId, r.otherVariantId];
      expect((await api.delete(`/products/${r.productId}`)).status).toBe(200);
      await faults.arm(r.customId);
      expectError(await api.post(`/products/${r.productId}/restore`), 500, "CASCADE_FAILED");
      expect(await db.isDeleted("products", r.productId)).toBe(true);
      expect(await db.isDeleted("product_variants", r.variantId)).toBe(true);
      expect(await db.isDeleted("my_customs", r.customId)).toBe(true);
      expect(await db.liveLinks(ids)).toBe(0);

      await faults.disarm(r.customId);
      const again = await api.post(`/products/${r.productId}/restore`);
      expect(again.status, again.text).toBe(200);
      expect(at(again.body, "cascade", "records")).toEqual({ helloModuleService: { my_custom_id: [r.customId] } });
      expect(await db.isDeleted("products", r.productId)).toBe(false);
      expect(await db.isDeleted("my_customs", r.customId)).toBe(false);
      expect(await db.liveLinks(ids)).toBe(3);
    });

    it("a link to a deleted product or variant is refused with 404 NOT_FOUND and nothing is linked", async () => {
      const r = await freshRecords(api);
      expect((await api.delete(`/products/${r.productId}`)).status).toBe(200);
      const toProduct = await api.post("/links", { product: { product_id: r.productId }, brand: { brand_id: r.brandId } });
      expectError(toProduct, 404, "NOT_FOUND");
      expect(at(toProduct.body, "error", "message")).toContain(`product.product_id "${r.productId}"`);
      const toVariant = await api.post("/links", { product: { product_variant_id: r.variantId }, inventory: { inventory_item_id: r.itemId } });
      expectError(toVariant, 404, "NOT_FOUND");
      expect(at(toVariant.body, "error", "message")).toContain(`product.product_variant_id "${r.variantId}"`);
      expect(await db.liveLinks([r.productId, r.variantId, r.otherVariantId])).toBe(0);
    });
  });
}
