import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/start-server.js";
import { type ApiClient, apiClient, at, stringAt } from "./api-client.js";

/**
 * The HTTP behaviour of the sample app, run against one database URL: the
 * real server in process, on a free port, driven with fetch.
 */
export function httpApiSuite(name: string, databaseUrl: () => string): void {
  describe(`sample app over HTTP on ${name}`, () => {
    let server: RunningServer;
    let api: ApiClient;

    beforeAll(async () => {
      server = await startServer({ databaseUrl: databaseUrl(), port: 0 });
      api = apiClient(server.url);
    });

    afterAll(async () => {
      await server?.close();
    });

    /** A fresh product with two variants, a brand, a my_custom record and two inventory items. */
    async function freshRecords() {
      const product = await api.post("/products", { title: "Lamp", variants: [{ title: "Lamp small", sku: "LAMP-S" }, { title: "Lamp large" }] });
      expect(product.status).toBe(201);
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

    async function linkedRecords() {
      const r = await freshRecords();
      const created = await api.post("/links", [
        { product: { product_id: r.productId }, helloModuleService: { my_custom_id: r.customId }, data: { metadata: { note: "gift" } } },
        { product: { product_id: r.productId }, brand: { brand_id: r.brandId } },
        { product: { product_variant_id: r.variantId }, inventory: { inventory_item_id: r.itemId } },
      ]);
      expect(created.status).toBe(201);
      return r;
    }

    async function linksOf(productId: string, withDeleted = false) {
      const response = await api.get(`/products/${productId}/links${withDeleted ? "?withDeleted=true" : ""}`);
      expect(response.status).toBe(200);
      const links = at(response.body, "links");
      if (!Array.isArray(links)) throw new Error(`No links in ${response.text}`);
      return links;
    }

    function expectError(response: { status: number; body: unknown; text: string }, status: number, code: string) {
      expect(response.status, response.text).toBe(status);
      expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
    }

    it("seeds the database on first start and serves the seeded products", async () => {
      expect(server.seeded).toBe(true);
      const products = await api.get("/products");
      expect(products.status).toBe(200);
      expect(at(products.body, "products")).toEqual(expect.arrayContaining([expect.objectContaining({ id: "prod_shirt", title: "Shirt" })]));
    });

    it("POST /links creates a link with its metadata and GET /products/:id/links lists it", async () => {
      const r = await freshRecords();
      const created = await api.post("/links", {
        product: { product_id: r.productId },
        helloModuleService: { my_custom_id: r.customId },
        data: { metadata: { note: "gift", count: 2 } },
      });
      expect(created.status, created.text).toBe(201);
      expect(at(created.body, "links")).toEqual([
        expect.objectContaining({ product_id: r.productId, my_custom_id: r.customId, metadata: { note: "gift", count: 2 }, deleted_at: null }),
      ]);
      expect(await linksOf(r.productId)).toEqual([expect.objectContaining({ my_custom_id: r.customId, metadata: { note: "gift", count: 2 } })]);
    });

    it("a product's second brand is refused with 409 CARDINALITY_VIOLATION and the first link stays", async () => {
      const r = await linkedRecords();
      expectError(await api.post("/links", { product: { product_id: r.productId }, brand: { brand_id: r.otherBrandId } }), 409, "CARDINALITY_VIOLATION");
      const brands = (await linksOf(r.productId)).filter((link) => at(link, "brand_id") !== undefined);
      expect(brands).toEqual([expect.objectContaining({ brand_id: r.brandId })]);
    });

    it("a variant's second inventory item is refused with 409 CARDINALITY_VIOLATION (one-to-one)", async () => {
      const r = await linkedRecords();
      expectError(await api.post("/links", { product: { product_variant_id: r.variantId }, inventory: { inventory_item_id: r.otherItemId } }), 409, "CARDINALITY_VIOLATION");
      expectError(await api.post("/links", { product: { product_variant_id: r.otherVariantId }, inventory: { inventory_item_id: r.itemId } }), 409, "CARDINALITY_VIOLATION");
    });

    it("keys in the wrong direction are refused with 400 WRONG_DIRECTION naming the right order", async () => {
      const r = await freshRecords();
      const response = await api.post("/links", { helloModuleService: { my_custom_id: r.customId }, product: { product_id: r.productId } });
      expectError(response, 400, "WRONG_DIRECTION");
      expect(stringAt(response.body, "error", "message")).toContain('defined from "product" to "helloModuleService"');
      expect(await linksOf(r.productId)).toEqual([]);
    });

    it("a link to a record that does not exist is refused with 404 and nothing is linked", async () => {
      const r = await freshRecords();
      const response = await api.post("/links", [
        { product: { product_id: r.productId }, brand: { brand_id: r.brandId } },
        { product: { product_id: r.productId }, helloModuleService: { my_custom_id: "mc_missing" } },
      ]);
      expectError(response, 404, "NOT_FOUND");
      expect(stringAt(response.body, "error", "message")).toContain('helloModuleService.my_custom_id "mc_missing"');
      expect(await linksOf(r.productId)).toEqual([]);
    });

    it("bad JSON, garbage and malformed inputs get a 4xx JSON error with a code, never a 500 or a stack", async () => {
      const cases: Array<{ send: () => ReturnType<ApiClient["get"]>; status: number; code: string }> = [
        { send: () => api.raw("POST", "/links", '{"product":', "application/json"), status: 400, code: "INVALID_JSON" },
        { send: () => api.raw("POST", "/links", "", "application/json"), status: 400, code: "INVALID_JSON" },
        { send: () => api.raw("POST", "/links", "garbage", "text/plain"), status: 400, code: "INVALID_INPUT" },
        { send: () => api.raw("POST", "/links", "a=b", "application/x-www-form-urlencoded"), status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
        { send: () => api.post("/links", "garbage"), status: 400, code: "INVALID_INPUT" },
        { send: () => api.post("/links", null), status: 400, code: "INVALID_INPUT" },
        { send: () => api.post("/links", []), status: 400, code: "INVALID_INPUT" },
        { send: () => api.post("/links", 42), status: 400, code: "INVALID_INPUT" },
        { send: () => api.post("/links", { product: "prod_1", brand: { brand_id: "b" } }), status: 400, code: "INVALID_INPUT" },
        { send: () => api.post("/links", { shop: { shop_id: "s" }, brand: { brand_id: "b" } }), status: 400, code: "UNKNOWN_MODULE" },
        { send: () => api.post("/links", { product: { sku_id: "s" }, brand: { brand_id: "b" } }), status: 400, code: "UNKNOWN_KEY" },
        { send: () => api.post("/links", { product: { product_id: 7 }, brand: { brand_id: "b" } }), status: 400, code: "INVALID_ID" },
        { send: () => api.post("/links", { product: { product_id: "p" }, brand: { brand_id: "b" }, data: { metadata: {} } }), status: 400, code: "INVALID_DATA" },
        { send: () => api.post("/links", { product: { product_id: "p" } }), status: 400, code: "INVALID_INPUT" },
        { send: () => api.post("/links/dismiss", { product: { product_id: "p" }, brand: { brand_id: "b" }, data: {} }), status: 400, code: "INVALID_INPUT" },
        { send: () => api.post("/products", { title: 5 }), status: 400, code: "INVALID_INPUT" },
        { send: () => api.post("/products", { title: "x", price: 3 }), status: 400, code: "INVALID_INPUT" },
        { send: () => api.post("/brands", { name: "" }), status: 400, code: "INVALID_INPUT" },
        { send: () => api.post("/inventory-items", { sku: "x", quantity: -1 }), status: 400, code: "INVALID_INPUT" },
        { send: () => api.get("/products?withDeleted=yes"), status: 400, code: "INVALID_INPUT" },
        { send: () => api.get("/products/prod_missing/links"), status: 404, code: "NOT_FOUND" },
        { send: () => api.get("/no-such-route"), status: 404, code: "NOT_FOUND" },
      ];
      for (const { send, status, code } of cases) {
        const response = await send();
        expectError(response, status, code);
        expect(response.text).not.toMatch(/\bat .+:\d+:\d+/);
      }
    });

    it("deleting a product soft-deletes its variants, their links, and (deleteCascade) its my_custom record", async () => {
      const r = await linkedRecords();
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
      const r = await linkedRecords();
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
      const r = await linkedRecords();
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

    it("serves concurrent requests, links and reads alike", async () => {
      const records = await Promise.all([freshRecords(), freshRecords(), freshRecords()]);
      const responses = await Promise.all(
        records.flatMap((r) => [
          api.post("/links", { product: { product_id: r.productId }, brand: { brand_id: r.brandId } }),
          api.post("/links", { product: { product_id: r.productId }, brand: { brand_id: r.otherBrandId } }),
          api.get(`/products/${r.productId}/links`),
          api.get("/products"),
        ]),
      );
      expect(responses.map((response) => response.status).every((status) => [200, 201, 409].includes(status))).toBe(true);
      for (const r of records) expect(await linksOf(r.productId)).toHaveLength(1);
    });
  });
}
