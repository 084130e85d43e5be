import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/start-server.js";
import { type ApiClient, apiClient, at, stringAt } from "./api-client.js";
import { expectError, freshRecords, linkedRecords } from "./sample-records.js";

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

    async function linksOf(productId: string, withDeleted = false) {
      const response = await api.get(`/products/${productId}/links${withDeleted ? "?withDeleted=true" : ""}`);
      expect(response.status).toBe(200);
      const links = at(response.body, "links");
      if (!Array.isArray(links)) throw new Error(`No links in ${response.text}`);
      return links;
    }

    it("seeds the database on first start and serves the seeded products", async () => {
      expect(server.seeded).toBe(true);
      const products = await api.get("/products");
      expect(products.status).toBe(200);
      expect(at(products.body, "products")).toEqual(expect.arrayContaining([expect.objectContaining({ id: "prod_shirt", title: "Shirt" })]));
    });

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

    /** Products titled `<tag> <title>`, each linked to a new brand `<tag> <brand>` unless null; `tag` is new each call. */
    async function catalog(entries: ReadonlyArray<{ title: string; brand: string | null }>) {
      const tag = `t${randomBytes(4).toString("hex")}`;
      const products = [];
      for (const { title, brand } of entries) {
        const product = stringAt((await api.post("/products", { title: `${tag} ${title}` })).body, "product", "id");
        let brandId: string | null = null;
        if (brand !== null) {
          brandId = stringAt((await api.post("/brands", { name: `${tag} ${brand}` })).body, "brand", "id");
          expect((await api.post("/links", { product: { product_id: product }, brand: { brand_id: brandId } })).status).toBe(201);
        }
        products.push({ id: product, title: `${tag} ${title}`, brandId, brandName: brand === null ? null : `${tag} ${brand}` });
      }
      return { tag, products };
    }

    async function listing(path: string, many: "products" | "brands") {
      const response = await api.get(path);
      expect(response.status, response.text).toBe(200);
      const records = at(response.body, many);
      if (!Array.isArray(records)) throw new Error(`No ${many} in ${response.text}`);
      return { records, metadata: at(response.body, "metadata") };
    }

    it("GET /catalog/products gives the selected fields with the brand, the my_custom record and the link's metadata", async () => {
      const { tag, products } = await catalog([{ title: "Lamp", brand: "Brightly" }]);
      const [lamp] = products;
      const custom = stringAt((await api.post("/customs", { name: "Engraving" })).body, "custom", "id");
      const data = { metadata: { note: "gift" } };
      expect((await api.post("/links", { product: { product_id: lamp?.id }, helloModuleService: { my_custom_id: custom }, data })).status).toBe(201);

      const fields = "id,title,brand.name,my_custom.name,my_custom.link.metadata";
      const response = await api.get(`/catalog/products?fields=${fields}&brand=${encodeURIComponent(`${tag} Brightly`)}`);
      expect(response.status, response.text).toBe(200);
      expect(response.body).toEqual({
        products: [
          {
            id: lamp?.id,
            title: `${tag} Lamp`,
            brand: { id: lamp?.brandId, name: `${tag} Brightly` },
            my_custom: { id: custom, name: "Engraving", link: { metadata: { note: "gift" } } },
          },
        ],
        metadata: { count: 1, skip: 0, take: 20 },
      });
      const brands = await listing(`/catalog/brands?fields=id,name,products.title&q=${tag}`, "brands");
      expect(brands.records).toEqual([{ id: lamp?.brandId, name: `${tag} Brightly`, products: [{ id: lamp?.id, title: `${tag} Lamp` }] }]);
    });

    it("GET /catalog/products filters by brand name, sorts by brand name (no brand last) and pages", async () => {
      const { tag } = await catalog([
        { title: "Chair", brand: "Zeta" },
        { title: "Desk", brand: "Alpha" },
        { title: "Shelf", brand: "Mid" },
        { title: "Stool", brand: null },
      ]);
      const titles = async (query: string) => {
        const page = await listing(`/catalog/products?fields=title,brand.name&q=${tag}&${query}`, "products");
        return { titles: page.records.map((record) => stringAt(record, "title").slice(tag.length + 1)), metadata: page.metadata };
      };
      expect(await titles("order=brand.name&take=2")).toEqual({ titles: ["Desk", "Shelf"], metadata: { count: 4, skip: 0, take: 2 } });
      expect(await titles("order=brand.name&skip=2&take=2")).toEqual({ titles: ["Chair", "Stool"], metadata: { count: 4, skip: 2, take: 2 } });
      expect((await titles("order=-brand.name")).titles).toEqual(["Stool", "Chair", "Shelf", "Desk"]);
      expect(await titles(`brand=${encodeURIComponent(`${tag} Mid`)}`)).toEqual({ titles: ["Shelf"], metadata: { count: 1, skip: 0, take: 20 } });
      expect((await titles("brand=Nobody")).titles).toEqual([]);
    });

    it("a brand-filtered, brand-sorted page is one SQL join statement, plus one per relation", async () => {
      const { tag } = await catalog([{ title: "Vase", brand: "Clay" }]);
      const statements: string[] = [];
      const knex = server.container.resolve("knex");
      const record = (query: { sql: string }) => void statements.push(query.sql);
      knex.on("query", record);
      try {
        await listing(`/catalog/products?fields=id,brand.name&brand=${encodeURIComponent(`${tag} Clay`)}&order=brand.name`, "products");
      } finally {
        knex.off("query", record);
      }
      expect(statements).toHaveLength(2);
      // The root page: the filter as `exists (...)`, the sort key as a lateral join, both over "brands".
      for (const part of ['from "products"', "exists (", "left join lateral", '"brands"']) expect(statements[0]).toContain(part);
    });

    it("unknown fields are 400 UNKNOWN_FIELD naming the fields that exist; bad paging and parameters are 400 INVALID_INPUT", async () => {
      const unknown = await api.get("/catalog/products?fields=id,colour");
      expectError(unknown, 400, "UNKNOWN_FIELD");
      expect(stringAt(unknown.body, "error", "message")).toMatch(/"colour".*title.*brand/);
      expectError(await api.get("/catalog/brands?fields=name,products.colour"), 400, "UNKNOWN_FIELD");
      expectError(await api.get("/catalog/products?order=brand.colour"), 400, "UNKNOWN_FIELD");
      for (const query of ["take=0", "take=101", "take=ten", "skip=-1", "fields=id,,title", "colour=red", "withDeleted=yes"]) {
        expectError(await api.get(`/catalog/products?${query}`), 400, "INVALID_INPUT");
      }
    });

    it("a product deleted with DELETE /products/:id leaves the listing, unless withDeleted=true", async () => {
      const { tag, products } = await catalog([
        { title: "Kettle", brand: "Steam" },
        { title: "Toaster", brand: null },
      ]);
      const [kettle] = products;
      expect((await api.delete(`/products/${kettle?.id}`)).status).toBe(200);
      const live = await listing(`/catalog/products?fields=title&q=${tag}`, "products");
      expect(live).toEqual({ records: [{ id: products[1]?.id, title: `${tag} Toaster` }], metadata: { count: 1, skip: 0, take: 20 } });
      const all = await listing(`/catalog/products?fields=title,brand.name&q=${tag}&withDeleted=true&order=title`, "products");
      expect(all.records).toEqual([
        { id: kettle?.id, title: `${tag} Kettle`, brand: { id: kettle?.brandId, name: `${tag} Steam` } },
        { id: products[1]?.id, title: `${tag} Toaster`, brand: null },
      ]);
      const brands = await listing(`/catalog/brands?fields=name,products.title&q=${tag}`, "brands");
      expect(brands.records).toEqual([{ id: kettle?.brandId, name: `${tag} Steam`, products: [] }]);
    });

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
