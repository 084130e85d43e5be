import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { at, stringAt } from "./api-client.js";
import type { HttpApiContext } from "./http-api-context.js";
import { expectError } from "./sample-records.js";

/**
 * The catalog listings over HTTP, `GET /catalog/products` and
 * `GET /catalog/brands`: selected fields across links, filters, sorts and
 * pages by linked fields, the SQL they run, refused parameters, and deleted
 * products. Registers tests in the caller's describe.
 */
export function httpCatalogTests(ctx: HttpApiContext): void {
  const { api } = ctx;

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
    const knex = ctx.server.container.resolve("knex");
    const record = (query: { sql: string }) => void statements.push(query.sql);
    // The feed relay works in the background on the same knex: paused while this request's statements are counted.
    const relay = ctx.server.container.resolve("feedRelay");
    await relay.stop();
    knex.on("query", record);
    try {
      await listing(`/catalog/products?fields=id,brand.name&brand=${encodeURIComponent(`${tag} Clay`)}&order=brand.name`, "products");
    } finally {
      knex.off("query", record);
      relay.start();
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

  it("an unknown parameter is named, and a parameter with a set of values lists them", async () => {
    const unknown = await api.get("/catalog/products?colour=red&take=5");
    expect(stringAt(unknown.body, "error", "message")).toBe(`Unknown querystring parameter "colour". GET / lists each route's parameters.`);
    const notListed = await api.get("/catalog/products?withDeleted=yes");
    expect(stringAt(notListed.body, "error", "message")).toBe(`querystring withDeleted must be one of: "true", "false". GET / lists each route's parameters.`);
  });

  it("a path that exists under other methods answers 405 with Allow; an unknown path 404", async () => {
    const put = await api.raw("PUT", "/links", "{}", "application/json");
    expectError(put, 405, "METHOD_NOT_ALLOWED");
    expect(put.headers.get("allow")).toBe("POST, DELETE");
    expect(stringAt(put.body, "error", "message")).toBe("PUT is not allowed on /links; use POST, DELETE.");
    const patch = await api.raw("PATCH", "/products/prod_shirt", "{}", "application/json");
    expect([patch.status, patch.headers.get("allow")]).toEqual([405, "GET, HEAD, DELETE"]);
    expectError(await api.get("/nowhere"), 404, "NOT_FOUND");
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
}
