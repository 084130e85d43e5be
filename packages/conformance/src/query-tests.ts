import { expect, it } from "vitest";
import { productBrand, productCustom } from "./query-fixture";
import { type RecordedQuery, expectStatements } from "./recorded-query";

const ids = (data: readonly Record<string, unknown>[]) => data.map((record) => record.id);

/** How the query reads: through module fetches and link reads, or joined in SQL (modules declare `sqlSource`). */
export const ReadPaths = ["modules", "joins"] as const;
export type ReadPath = (typeof ReadPaths)[number];

/** The read path under test; through modules, whether the modules declared `parallelReads`. */
export type QueryTestPath = { readonly reads: "joins" } | { readonly reads: "modules"; readonly parallelReads: boolean };

/**
 * The behaviour of `LinkQuery.graph` over the fixture data, for any store and
 * module implementation: the same results on either read path (the joined
 * one also checks its statements where the harness counts them).
 */
export function queryTests(env: () => RecordedQuery, path: QueryTestPath): void {
  const joins = path.reads === "joins";
  it("a one relation is an object, or null when there is no live link or the partner is deleted", async () => {
    const { data, metadata } = await env().query.graph({ entity: "product", fields: ["id", "title", "brand.name"] });
    expect(metadata).toEqual({ count: 6, skip: 0, take: null });
    expect(data).toEqual([
      { id: "prod_1", title: "Anvil", brand: { id: "brand_acme", name: "acme" } },
      { id: "prod_2", title: "Bucket", brand: { id: "brand_acme", name: "acme" } },
      { id: "prod_3", title: "Chisel", brand: { id: "brand_zen", name: "zenith" } },
      { id: "prod_4", title: "Drill", brand: { id: "brand_bolt", name: "bolt" } },
      { id: "prod_5", title: "Easel", brand: null },
      { id: "prod_7", title: "Gauge", brand: null },
    ]);
  });

  it("the other direction lists live partners as an array, and a dismissed link leaves a one relation null", async () => {
    const brands = await env().query.graph({ entity: "brand", fields: ["name", "products.title"] });
    expect(brands.data).toEqual([
      {
        id: "brand_acme",
        name: "acme",
        products: [
          { id: "prod_1", title: "Anvil" },
          { id: "prod_2", title: "Bucket" },
        ],
      },
      { id: "brand_bolt", name: "bolt", products: [{ id: "prod_4", title: "Drill" }] },
      { id: "brand_zen", name: "zenith", products: [{ id: "prod_3", title: "Chisel" }] },
    ]);
    const customs = await env().query.graph({ entity: "my_custom", fields: ["product.title"], filters: { id: ["mc_1", "mc_4"] } });
    expect(customs.data).toEqual([
      { id: "mc_1", product: { id: "prod_1", title: "Anvil" } },
      { id: "mc_4", product: null },
    ]);
  });

  it("the link's extra columns appear under link only when selected", async () => {
    const { data } = await env().query.graph({
      entity: "product",
      fields: ["my_customs.name", "my_customs.link.metadata", "my_customs.link.rank"],
      filters: { id: { $in: ["prod_1", "prod_2"] } },
    });
    expect(data).toEqual([
      {
        id: "prod_1",
        my_customs: [
          { id: "mc_1", name: "red", link: { metadata: { color: "red" }, rank: 2 } },
          { id: "mc_2", name: "green", link: { metadata: null, rank: 1 } },
          { id: "mc_3", name: "blue", link: { metadata: null, rank: 3 } },
        ],
      },
      { id: "prod_2", my_customs: [] },
    ]);
    const plain = await env().query.graph({ entity: "product", fields: ["my_customs.name"], filters: { id: "prod_1" } });
    expect(plain.data[0]?.my_customs).toEqual([
      { id: "mc_1", name: "red" },
      { id: "mc_2", name: "green" },
      { id: "mc_3", name: "blue" },
    ]);
  });

  it(
    joins
      ? "two hops are one joined statement each after the root page's, with no module fetch"
      : "two hops fetch once per module per hop and read each link table once",
    async () => {
      env().reset();
      const { data } = await env().query.graph({ entity: "brand", fields: ["name", "products.title", "products.my_customs.name"] });
      if (joins) {
        expect([env().fetches, env().linkReads]).toEqual([[], []]);
        expect(env().joinReads).toEqual(["page brand", `hop ${productBrand.table}`, `hop ${productCustom.table}`]);
        expectStatements(env(), 3);
      } else {
        expect(env().fetches.map((call) => call.module)).toEqual(["brand", "product", "helloModuleService"]);
        expect(env().linkReads).toEqual([productBrand.table, productCustom.table]);
      }
      expect(data[0]).toEqual({
        id: "brand_acme",
        name: "acme",
        products: [
          {
            id: "prod_1",
            title: "Anvil",
            my_customs: [
              { id: "mc_1", name: "red" },
              { id: "mc_2", name: "green" },
              { id: "mc_3", name: "blue" },
            ],
          },
          { id: "prod_2", title: "Bucket", my_customs: [] },
        ],
      });
    },
  );

  it("read-only links follow the stored field both ways without any link table", async () => {
    env().reset();
    const customs = await env().query.graph({ entity: "my_custom", fields: ["name", "brand.name"] });
    expect(customs.data.map((c) => [c.name, (c.brand as { name: string } | null)?.name ?? null])).toEqual([
      ["red", "acme"],
      ["green", "zenith"],
      ["blue", null],
      ["black", "acme"],
    ]);
    expect(env().linkReads).toEqual([]);
    const brands = await env().query.graph({ entity: "brand", fields: ["my_customs.name"] });
    expect(brands.data.map((b) => [b.id, (b.my_customs as { name: string }[]).map((c) => c.name)])).toEqual([
      ["brand_acme", ["red", "black"]],
      ["brand_bolt", []],
      ["brand_zen", ["green"]],
    ]);
    const mixed = await env().query.graph({ entity: "product", fields: ["my_customs.brand.name"], filters: { id: "prod_1" } });
    expect((mixed.data[0]?.my_customs as { brand: unknown }[]).map((c) => c.brand)).toEqual([
      { id: "brand_acme", name: "acme" },
      { id: "brand_zen", name: "zenith" },
      null,
    ]);
  });

  it("filters by fields of linked records keep only the roots with a matching partner", async () => {
    const query = env().query;
    env().reset();
    const acme = await query.graph({ entity: "product", fields: ["id"], filters: { brand: { name: "acme" } } });
    expect([ids(acme.data), acme.metadata.count]).toEqual([["prod_1", "prod_2"], 2]);
    if (joins) {
      expect(env().fetches).toEqual([]);
      expectStatements(env(), 1);
    }
    const mixed = await query.graph({ entity: "product", fields: ["id"], filters: { brand: { name: { $in: ["bolt", "zenith"] } }, price: { $gte: 30 } } });
    expect(ids(mixed.data)).toEqual(["prod_4"]);
    const throughList = await query.graph({ entity: "brand", fields: ["id"], filters: { products: { title: { $like: "B%" } } } });
    expect(ids(throughList.data)).toEqual(["brand_acme"]);
    const readOnly = await query.graph({ entity: "my_custom", fields: ["id"], filters: { brand: { name: "acme" } } });
    expect(ids(readOnly.data)).toEqual(["mc_1", "mc_4"]);
    const none = await query.graph({ entity: "product", fields: ["id"], filters: { brand: { name: "nobody" } } });
    expect([none.data, none.metadata.count]).toEqual([[], 0]);
  });

  it("sorts roots by a linked field (nulls last), then pages, counting every match", async () => {
    const order = ["brand.name", { field: "title", direction: "desc" }] as const;
    const all = await env().query.graph({ entity: "product", fields: ["id"], order: [...order] });
    expect(ids(all.data)).toEqual(["prod_2", "prod_1", "prod_4", "prod_3", "prod_7", "prod_5"]);
    env().reset();
    const page = await env().query.graph({ entity: "product", fields: ["id", "brand.name"], order: [...order], pagination: { skip: 1, take: 2 } });
    expect(ids(page.data)).toEqual(["prod_1", "prod_4"]);
    expect(page.metadata).toEqual({ count: 6, skip: 1, take: 2 });
    // The sorted, counted page is one statement; the selected brand one more.
    if (joins) {
      expect(env().fetches).toEqual([]);
      expectStatements(env(), 2);
    }
    const filtered = await env().query.graph({
      entity: "product",
      fields: ["id"],
      filters: { brand: { name: ["acme", "zenith"] } },
      order: [{ field: "brand.name", direction: "desc" }],
    });
    expect(ids(filtered.data)).toEqual(["prod_3", "prod_1", "prod_2"]);
  });

  it(joins ? "sorting and paging by own fields is one statement with the count" : "sorting and paging by own fields is left to the module", async () => {
    env().reset();
    const { data, metadata } = await env().query.graph({
      entity: "product",
      fields: ["id", "price"],
      order: [{ field: "price", direction: "desc" }],
      pagination: { skip: 1, take: 2 },
    });
    expect(data).toEqual([
      { id: "prod_5", price: 40 },
      { id: "prod_1", price: 30 },
    ]);
    expect(metadata.count).toBe(6);
    if (joins) {
      expect([env().joinReads, env().fetches]).toEqual([["page product"], []]);
      expectStatements(env(), 1);
    } else {
      expect(env().fetches.map((call) => [call.module, call.query.skip, call.query.take])).toEqual([["product", 1, 2]]);
    }
  });

  it("pages each parent's list on its own, by a field or by a link column", async () => {
    const brands = await env().query.graph({
      entity: "brand",
      fields: ["products.title"],
      pagination: { relations: { products: { take: 1, order: [{ field: "title", direction: "desc" }] } } },
    });
    expect(brands.data.map((b) => (b.products as { title: string }[]).map((p) => p.title))).toEqual([["Bucket"], ["Drill"], ["Chisel"]]);
    const customs = await env().query.graph({
      entity: "product",
      fields: ["my_customs.id"],
      filters: { id: "prod_1" },
      pagination: { relations: { my_customs: { skip: 1, take: 1, order: ["link.rank"] } } },
    });
    expect(customs.data[0]?.my_customs).toEqual([{ id: "mc_1" }]);
  });

  it("withDeleted brings back soft-deleted records and dismissed links", async () => {
    const brands = await env().query.graph({ entity: "brand", fields: ["products.id"], withDeleted: true });
    expect(brands.data.map((b) => [b.id, ids(b.products as Record<string, unknown>[])])).toEqual([
      ["brand_acme", ["prod_1", "prod_2", "prod_6"]],
      ["brand_bolt", ["prod_4"]],
      ["brand_gone", ["prod_7"]],
      ["brand_zen", ["prod_3"]],
    ]);
    const dismissed = await env().query.graph({ entity: "product", fields: ["my_customs.link.deleted_at"], filters: { id: "prod_3" }, withDeleted: true });
    const [custom] = dismissed.data[0]?.my_customs as { id: string; link: { deleted_at: unknown } }[];
    expect(custom?.id).toBe("mc_4");
    expect(custom?.link.deleted_at).toBeInstanceOf(Date);
  });

  it("unknown entities, fields and relations are refused before any fetch, naming what exists", async () => {
    env().reset();
    const query = env().query;
    await expect(query.graph({ entity: "prodcut" })).rejects.toMatchObject({
      code: "UNKNOWN_ENTITY",
      message: expect.stringContaining("brand, my_custom, product"),
    });
    await expect(query.graph({ entity: "product", fields: ["titel"] })).rejects.toMatchObject({
      code: "UNKNOWN_FIELD",
      message: expect.stringMatching(/Unknown field "titel".*deleted_at, id, price, title.*brand, my_customs/),
    });
    await expect(query.graph({ entity: "product", fields: ["brand.nme"] })).rejects.toMatchObject({ message: expect.stringContaining("deleted_at, id, name") });
    await expect(query.graph({ entity: "product", fields: ["brand.link.metadata"] })).rejects.toMatchObject({
      message: expect.stringContaining('no column "metadata"'),
    });
    await expect(query.graph({ entity: "product", order: ["maker.name"] })).rejects.toMatchObject({
      code: "UNKNOWN_LINK",
      message: expect.stringContaining("brand, my_customs"),
    });
    await expect(query.graph({ entity: "product", order: ["my_customs.name"] })).rejects.toMatchObject({ message: expect.stringContaining("list") });
    await expect(query.graph({ entity: "product", filters: { colour: "red" } })).rejects.toMatchObject({ message: expect.stringContaining("colour") });
    expect([env().fetches, env().joinReads]).toEqual([[], []]);
    expectStatements(env(), 0);
  });

  if (path.reads === "joins") {
    it("sibling hops are one joined statement each", async () => {
      env().reset();
      await env().query.graph({ entity: "product", fields: ["brand.name", "my_customs.name"] });
      expect(env().joinReads).toEqual(["page product", `hop ${productBrand.table}`, `hop ${productCustom.table}`]);
      expect(env().fetches).toEqual([]);
      expectStatements(env(), 3);
    });
    return;
  }

  const { parallelReads } = path;
  const siblings = parallelReads ? "run side by side when modules declare parallelReads" : "run one at a time when modules do not declare parallelReads";
  it(`sibling hops ${siblings}`, async () => {
    env().reset();
    await env().query.graph({ entity: "product", fields: ["brand.name", "my_customs.name"] });
    expect(env().fetches.map((call) => call.module)).toEqual(["product", "brand", "helloModuleService"]);
    expect(env().maxInFlight()).toBe(parallelReads ? 2 : 1);
  });
}
