import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productBrand } from "../src/links/product-brand.js";
import { type RunningServer, startServer } from "../src/start-server.js";
import { type ApiClient, apiClient, at } from "./helpers/api-client.js";

/*
 * The sample app's change feed over HTTP, and the view it keeps from link
 * events after commit (products per brand), judged against the links
 * themselves: after any mix of creates, dismissals, a cascade delete, a
 * restore and a refused call, the view converges to the live links.
 */

let server: RunningServer;
let api: ApiClient;
beforeAll(async () => {
  server = await startServer({ databaseUrl: "pglite://memory", port: 0, seed: true });
  api = apiClient(server.url);
});
afterAll(() => server?.close());

const idOf = async (path: string, body: unknown, one: string) => String(at((await api.post(path, body)).body, one, "id"));

/** Products per brand as the live links say, brands without products left out. */
async function fromLinks(): Promise<{ brand_id: string; products: number }[]> {
  const rows = await server.container.resolve("remoteLink").list({ product: {}, brand: {} });
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(String(row.brand_id), (counts.get(String(row.brand_id)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([brand_id, products]) => ({ brand_id, products }));
}

/** Asks the view until it shows `expected` (the relay delivers after commit, on its own schedule). */
async function viewReaches(expected: unknown): Promise<unknown> {
  for (;;) {
    const view = (await api.get("/views/products-per-brand")).body;
    if (JSON.stringify(at(view, "brands")) === JSON.stringify(expected)) return at(view, "brands");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("sample app: change feed and a view kept from link events", () => {
  it("the view of products per brand follows creates, dismissals, a cascade delete and a restore, and never a refused call", async () => {
    const [acme, zen] = [await idOf("/brands", { name: "Acme" }, "brand"), await idOf("/brands", { name: "Zen" }, "brand")];
    const products = [];
    for (const title of ["Lamp", "Desk", "Chair"]) products.push(await idOf("/products", { title }, "product"));
    const [lamp, desk, chair] = products as [string, string, string];
    const link = (product: string, brand: string) => ({ product: { product_id: product }, brand: { brand_id: brand } });
    expect((await api.post("/links", [link(lamp, acme), link(desk, acme), link(chair, zen)])).status).toBe(201);
    // A product has one brand: refused, and nothing of it reaches the view.
    expect((await api.post("/links", link(lamp, zen))).status).toBe(409);
    expect((await api.post("/links/dismiss", link(desk, acme))).status).toBe(200);
    expect((await api.delete(`/products/${chair}`)).status).toBe(200);
    expect(await viewReaches(await fromLinks())).toEqual(await fromLinks());
    expect((await api.post(`/products/${chair}/restore`)).status).toBe(200);
    const restored = await fromLinks();
    expect(restored.find((row) => row.brand_id === zen)?.products).toBe(1);
    expect(await viewReaches(restored)).toEqual(restored);
  });

  it("GET /changes pages through the feed from a cursor; a bad cursor is 400 INVALID_INPUT", async () => {
    const first = (await api.get("/changes?limit=2")).body;
    expect(at(first, "changes")).toHaveLength(2);
    const cursor = String(at(first, "cursor"));
    const next = (await api.get(`/changes?after=${cursor}&limit=1`)).body;
    expect(at(next, "changes", 0, "position")).toBe(String(BigInt(cursor) + 1n));
    const created = (await api.get("/changes?limit=10000")).body as { changes: { link: string; operation: string }[] };
    expect(created.changes.some((change) => change.link === productBrand.table && change.operation === "deleted")).toBe(true);
    const bad = await api.get("/changes?after=-1");
    expect([bad.status, at(bad.body, "error", "code")]).toEqual([400, "INVALID_INPUT"]);
  });
});
