import { describe, expect, it } from "vitest";
import { at } from "./api-client.js";
import { httpCatalogTests } from "./http-catalog-tests.js";
import { httpDeleteRestoreTests } from "./http-delete-restore-tests.js";
import { useHttpApi } from "./http-api-context.js";
import { httpLinkTests } from "./http-link-tests.js";
import { freshRecords } from "./sample-records.js";

/**
 * The HTTP behaviour of the sample app, run against one database URL: the
 * real server in process, on a free port, driven with fetch. The route
 * groups register their tests in between the app-wide ones, in this order.
 */
export function httpApiSuite(name: string, databaseUrl: () => string): void {
  describe(`sample app over HTTP on ${name}`, () => {
    const ctx = useHttpApi(databaseUrl);
    const { api, linksOf } = ctx;

    it("seeds the database on first start and serves the seeded products", async () => {
      expect(ctx.server.seeded).toBe(true);
      const products = await api.get("/products");
      expect(products.status).toBe(200);
      expect(at(products.body, "products")).toEqual(expect.arrayContaining([expect.objectContaining({ id: "prod_shirt", title: "Shirt" })]));
    });

    httpLinkTests(ctx);
    httpDeleteRestoreTests(ctx);
    httpCatalogTests(ctx);

    it("serves concurrent requests, links and reads alike", async () => {
      const records = await Promise.all([freshRecords(api), freshRecords(api), freshRecords(api)]);
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
