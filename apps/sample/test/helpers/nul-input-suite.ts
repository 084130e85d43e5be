import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/start-server.js";
import { type ApiClient, type ApiResponse, apiClient, at } from "./api-client.js";
import { expectError, freshRecords } from "./sample-records.js";

/**
 * Text PostgreSQL cannot store (a NUL character; a lone surrogate, which it
 * would store changed) is refused at the HTTP edge with 400 INVALID_INPUT
 * naming where it is, in every part of a request, before anything is read
 * or written. Run against one database URL: without the check the database
 * itself refuses NUL, and the request fails with 500.
 */
export function nulInputSuite(name: string, databaseUrl: () => string): void {
  describe(`text the database cannot store, on ${name}`, () => {
    let server: RunningServer;
    let api: ApiClient;

    beforeAll(async () => {
      server = await startServer({ databaseUrl: databaseUrl(), port: 0, seed: false });
      api = apiClient(server.url);
    });

    afterAll(async () => {
      await server?.close();
    });

    function expectRefused(response: ApiResponse, where: string, what = "NUL character") {
      expectError(response, 400, "INVALID_INPUT");
      const message = String(at(response.body, "error", "message"));
      expect(message).toContain(where);
      expect(message).toContain(what);
      expect(message).toContain("remove it");
    }

    it("a NUL in q or brand of the catalog listings answers 400 INVALID_INPUT naming the parameter", async () => {
      expectRefused(await api.get("/catalog/products?q=lamp%00"), 'query parameter "q"');
      expectRefused(await api.get("/catalog/products?brand=%00Acme"), 'query parameter "brand"');
      expectRefused(await api.get("/catalog/brands?q=%00"), 'query parameter "q"');
      expectRefused(await api.get("/catalog/products?fields=id,title%00"), 'query parameter "fields"');
    });

    it("a NUL in the :id of any route answers 400 INVALID_INPUT naming the path parameter", async () => {
      const id = "prod_lamp%00";
      for (const send of [
        () => api.get(`/products/${id}`),
        () => api.delete(`/products/${id}`),
        () => api.post(`/products/${id}/restore`),
        () => api.get(`/products/${id}/links`),
        () => api.get(`/brands/${id}`),
        () => api.get(`/customs/${id}`),
        () => api.get(`/inventory-items/${id}`),
      ]) {
        expectRefused(await send(), 'path parameter "id"');
      }
    });

    it("a NUL anywhere in a JSON body, value or key, answers 400 INVALID_INPUT naming where, and nothing is written", async () => {
      const r = await freshRecords(api);
      const before = await api.get("/brands?withDeleted=true");
      expectRefused(await api.post("/products", { title: "Lamp\u0000" }), 'body at "title"');
      expectRefused(await api.post("/products", { title: "Lamp", variants: [{ title: "S" }, { title: "M", sku: "\u0000M" }] }), 'body at "variants[1].sku"');
      expectRefused(await api.post("/brands", { name: "Acme\u0000" }), 'body at "name"');
      expectRefused(await api.post("/customs", { name: "\u0000" }), 'body at "name"');
      expectRefused(await api.post("/inventory-items", { sku: "S\u0000" }), 'body at "sku"');
      expectRefused(await api.post("/links", { product: { product_id: r.productId }, brand: { brand_id: `${r.brandId}\u0000` } }), 'body at "brand.brand_id"');
      expectRefused(
        await api.post("/links", [
          { product: { product_id: r.productId }, helloModuleService: { my_custom_id: r.customId }, data: { metadata: { note: "a\u0000" } } },
        ]),
        'body at "[0].data.metadata.note"',
      );
      expectRefused(await api.post("/links", { product: { product_id: r.productId }, brand: { "brand_id\u0000": r.brandId } }), 'body at "brand" has a key');
      expectRefused(
        await api.post("/links/dismiss", { product: { product_id: `${r.productId}\u0000` }, brand: { brand_id: r.brandId } }),
        'body at "product.product_id"',
      );
      expect((await api.get("/brands?withDeleted=true")).body).toEqual(before.body);
      expect(at((await api.get(`/products/${r.productId}/links`)).body, "links")).toEqual([]);
    });

    it("a lone surrogate is refused the same way, while a whole character outside the BMP is stored as sent", async () => {
      expectRefused(await api.post("/brands", { name: "Acme \ud83d" }), 'body at "name"', "lone UTF-16 surrogate");
      const stored = await api.post("/brands", { name: "Acme \ud83d\ude00" });
      expect(stored.status, stored.text).toBe(201);
      expect(at(stored.body, "brand", "name")).toBe("Acme \ud83d\ude00");
    });
  });
}
