import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/start-server.js";
import { type ApiClient, type ApiResponse, apiClient, at } from "./helpers/api-client.js";

/**
 * Listing requests built to make the server work without end: each answers
 * 400 QUERY_TOO_COSTLY before any read, and the server keeps serving.
 */
describe("costly listing requests on PGlite", () => {
  let server: RunningServer;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startServer({ databaseUrl: "pglite://memory", port: 0 });
    api = apiClient(server.url);
  });

  afterAll(async () => {
    await server?.close();
  });

  function expectTooCostly(response: ApiResponse, limit: RegExp): void {
    expect(response.status, response.text).toBe(400);
    expect(at(response.body, "error", "code")).toBe("QUERY_TOO_COSTLY");
    expect(String(at(response.body, "error", "message"))).toMatch(limit);
  }

  it("fields that go back and forth along a relation 30 times are refused, and the server keeps serving", async () => {
    const looping = `${"product_variants.product.".repeat(30)}id`;
    expect(looping.length).toBeLessThanOrEqual(1000);
    expectTooCostly(await api.get(`/catalog/products?fields=${looping}`), /"product_variants\.product" follows the link .* twice/);
    const roundTrip = await api.get("/catalog/products?fields=id,product_variants.product.id");
    expectTooCostly(roundTrip, /"product_variants\.product" follows the link .* twice/);
    expectTooCostly(await api.get("/catalog/brands?fields=products.brand.products.id"), /"products\.brand" follows the link/);
    const products = await api.get("/catalog/products?fields=id,title,brand.name,product_variants.title");
    expect(products.status, products.text).toBe(200);
    expect(at(products.body, "products")).toEqual(expect.arrayContaining([expect.objectContaining({ id: "prod_shirt", title: "Shirt" })]));
  });

  it("more sort keys than the query allows are refused", async () => {
    expectTooCostly(await api.get(`/catalog/products?order=${Array.from({ length: 9 }, () => "brand.name").join(",")}`), /maxOrderTerms \(8\)/);
  });
});
