import { expect, it } from "vitest";
import { type ApiClient, at, stringAt } from "./api-client.js";
import type { HttpApiContext } from "./http-api-context.js";
import { expectError, freshRecords, linkedRecords } from "./sample-records.js";

/**
 * Creating links over HTTP: `POST /links` with its data, the refusals it
 * answers with a status and a code (cardinality, direction, missing records),
 * and malformed input to any route. Registers tests in the caller's describe.
 */
export function httpLinkTests(ctx: HttpApiContext): void {
  const { api, linksOf } = ctx;

  it("POST /links creates a link with its metadata and GET /products/:id/links lists it", async () => {
    const r = await freshRecords(api);
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

  it("POST /links answers each link's outcome: 201 when it made or revived one, 200 when every link existed already", async () => {
    const r = await freshRecords(api);
    const pair = { product: { product_id: r.productId }, brand: { brand_id: r.brandId } };
    const first = await api.post("/links", pair);
    expect(first.status, first.text).toBe(201);
    expect(at(first.body, "links")).toEqual([expect.objectContaining({ product_id: r.productId, brand_id: r.brandId, outcome: "created" })]);
    const again = await api.post("/links", pair);
    expect(again.status, again.text).toBe(200);
    expect(at(again.body, "links")).toEqual([{ ...(at(first.body, "links") as object[])[0], outcome: "unchanged" }]);
    expect((await api.post("/links/dismiss", pair)).status).toBe(200);
    const revived = await api.post("/links", [pair, pair]);
    expect(revived.status, revived.text).toBe(201);
    expect(at(revived.body, "links")).toEqual([expect.objectContaining({ brand_id: r.brandId, deleted_at: null, outcome: "revived" })]);
  });

  it("a product's second brand is refused with 409 CARDINALITY_VIOLATION and the first link stays", async () => {
    const r = await linkedRecords(api);
    expectError(await api.post("/links", { product: { product_id: r.productId }, brand: { brand_id: r.otherBrandId } }), 409, "CARDINALITY_VIOLATION");
    const brands = (await linksOf(r.productId)).filter((link) => at(link, "brand_id") !== undefined);
    expect(brands).toEqual([expect.objectContaining({ brand_id: r.brandId })]);
  });

  it("a variant's second inventory item is refused with 409 CARDINALITY_VIOLATION (one-to-one)", async () => {
    const r = await linkedRecords(api);
    expectError(
      await api.post("/links", { product: { product_variant_id: r.variantId }, inventory: { inventory_item_id: r.otherItemId } }),
      409,
      "CARDINALITY_VIOLATION",
    );
    expectError(
      await api.post("/links", { product: { product_variant_id: r.otherVariantId }, inventory: { inventory_item_id: r.itemId } }),
      409,
      "CARDINALITY_VIOLATION",
    );
  });

  it("keys in the wrong direction are refused with 400 WRONG_DIRECTION naming the right order", async () => {
    const r = await freshRecords(api);
    const response = await api.post("/links", { helloModuleService: { my_custom_id: r.customId }, product: { product_id: r.productId } });
    expectError(response, 400, "WRONG_DIRECTION");
    expect(stringAt(response.body, "error", "message")).toContain('defined from "product" to "helloModuleService"');
    expect(await linksOf(r.productId)).toEqual([]);
  });

  it("a link to a record that does not exist is refused with 404 and nothing is linked", async () => {
    const r = await freshRecords(api);
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
      {
        send: () => api.post("/links", { product: { product_id: "p" }, brand: { brand_id: "b" }, data: { metadata: {} } }),
        status: 400,
        code: "INVALID_DATA",
      },
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
}
