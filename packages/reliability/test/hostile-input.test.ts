import { LinkError, RemoteLink, defineLink, defineModule, linkTableOf } from "@modlink/core";
import { conformanceLinks, makeRecordModules } from "@modlink/conformance";
import { KnexLinkStore, syncLinkTables } from "@modlink/knex";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonical } from "../src/canonical";
import { hostileInputs } from "../src/hostile-inputs";
import { openPgliteMemory } from "../src/pglite-memory";
import { openPostgresSchema } from "../src/postgres-server";
import { type StoreUnderTest, knexUnderTest, memoryUnderTest } from "../src/store-under-test";
import { type UntypedRemoteLink, untyped } from "../src/untyped-remote-link";

const server = await openPostgresSchema("hostile");
let pglite: Knex;
const stores: Record<string, { target: StoreUnderTest; knex?: Knex; schema?: string }> = {};

/** Links that exist before every hostile call, so "writes nothing" is checked against real rows. */
const baseline = [
  { product: { product_id: "prod_ok" }, brand: { brand_id: "brand_ok" } },
  { product: { product_id: "prod_ok" }, helloModuleService: { my_custom_id: "cust_ok" }, data: { label: "kept" } },
  { product: { product_id: "p" }, tag: { tag_id: "t" } },
];

async function ready(name: string, target: StoreUnderTest, knex?: Knex, schema?: string) {
  const remoteLink = untyped(new RemoteLink({ links: conformanceLinks, store: await target.fresh() }));
  await remoteLink.create(baseline);
  stores[name] = { target, knex, schema };
}

beforeAll(async () => {
  await ready("memory", memoryUnderTest());
  pglite = await openPgliteMemory();
  await ready("PGlite", await knexUnderTest("PGlite", pglite, "hostile", conformanceLinks), pglite, "hostile");
  if (server) {
    const knex = server.connect({ poolMax: 2 });
    await ready("PostgreSQL", await knexUnderTest("PostgreSQL", knex, server.schema, conformanceLinks), knex, server.schema);
  }
});
afterAll(async () => {
  await pglite?.destroy();
  await server?.close();
});

const storeNames = ["memory", "PGlite", ...(server ? ["PostgreSQL"] : [])];

function remoteLinkOn(name: string): { remoteLink: UntypedRemoteLink; target: StoreUnderTest } {
  const { target } = stores[name]!;
  const modules = makeRecordModules();
  const remoteLink = new RemoteLink({ links: conformanceLinks, store: target.current(), services: (module) => modules[module as keyof typeof modules] });
  return { remoteLink: untyped(remoteLink), target };
}

async function allRows(target: StoreUnderTest): Promise<string[]> {
  const tables = await target.rawTables(conformanceLinks.map(linkTableOf));
  return tables.flatMap((rows, i) => rows.map((row) => canonical({ table: conformanceLinks[i]?.table, ...row }))).sort();
}

describe.each(storeNames)("hostile input on %s", (storeName) => {
  it("the catalogue holds at least 30 distinct bad inputs", () => {
    expect(new Set(hostileInputs.map((entry) => entry.name)).size).toBeGreaterThanOrEqual(30);
  });

  it.each(hostileInputs)("$method refuses $name with $code, a message that explains, and writes nothing", async ({ method, input, code }) => {
    const { remoteLink, target } = remoteLinkOn(storeName);
    const before = await allRows(target);
    const error = await remoteLink[method](input).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message.length).toBeGreaterThan(30);
    expect(await allRows(target)).toEqual(before);
  });

  it("ids full of quotes, semicolons, SQL, LIKE wildcards, placeholders, whitespace and unicode are valid and round-trip verbatim", async () => {
    const { remoteLink } = remoteLinkOn(storeName);
    const ids = [
      `it's`,
      `"quoted"`,
      "a;b; drop table link_product_product_tag_tag; --",
      "x' or '1'='1",
      "\\'; select pg_sleep(10); --",
      "%_%",
      "? ?? $1 :name",
      " ",
      "line\nbreak\ttab\r",
      "ü🙂 中文 עברית e\u0301 \u200b\u2028",
      "x".repeat(512),
    ];
    const tag = "t_roundtrip";
    await remoteLink.create(ids.map((product) => ({ product: { product_id: product }, tag: { tag_id: tag } })));
    const listed = await remoteLink.list({ tag: { tag_id: tag }, product: {} });
    expect(listed.map((row) => row.product_id).sort()).toEqual([...ids].sort());
    for (const product of ids)
      expect(await remoteLink.list({ product: { product_id: product }, tag: { tag_id: tag } }), JSON.stringify(product)).toHaveLength(1);
    expect(await remoteLink.dismiss(ids.map((product) => ({ product: { product_id: product }, tag: { tag_id: tag } })))).toEqual({ dismissed: ids.length });
  });
});

describe("definitions with SQL in their names are refused before anything reaches a database", () => {
  const Product = defineModule("product", { models: ["product"] });
  const Brand = defineModule("brand", { models: ["brand"] });
  const definitions: readonly { name: string; define: () => unknown }[] = [
    { name: "a module name with SQL", define: () => defineModule("product; drop table x; --", { models: ["product"] }) },
    { name: "a module name with a quote", define: () => defineModule(`pro"duct`, { models: ["product"] }) },
    { name: "a model name with SQL", define: () => defineModule("product", { models: ["product') or 1=1 --"] }) },
    {
      name: "a table name with SQL",
      define: () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { table: "link_x; drop table y" } }),
    },
    { name: "a table name with a double quote", define: () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { table: 'link"x' } }) },
    {
      name: "a table name longer than 63 bytes",
      define: () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { table: `link_${"x".repeat(60)}` } }),
    },
    { name: "an upper-case table name", define: () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { table: "Link_X" } }) },
    { name: "a link name with SQL", define: () => defineLink(Product.linkable.product, Brand.linkable.brand, { name: "x; drop table y" }) },
    { name: "an id prefix with SQL", define: () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { idPrefix: "x'||'" } }) },
    {
      name: "an extra column named with SQL",
      define: () =>
        defineLink(Product.linkable.product, Brand.linkable.brand, {
          database: { extraColumns: { "a text); drop table y; --": { type: "text", nullable: true } } },
        }),
    },
    {
      name: "an extra column with a reserved name",
      define: () =>
        defineLink(Product.linkable.product, Brand.linkable.brand, { database: { extraColumns: { deleted_at: { type: "text", nullable: true } } } }),
    },
    {
      name: "an extra column type with SQL",
      define: () =>
        defineLink(Product.linkable.product, Brand.linkable.brand, {
          database: { extraColumns: { note: { type: "text; drop table y" as "text", nullable: true } } },
        }),
    },
    {
      name: "a hand-made linkable whose key has SQL",
      define: () => defineLink({ module: "product", model: "product", key: "product_id; drop table y", primaryKey: "id" }, Brand.linkable.brand),
    },
    { name: "a link from a module to itself", define: () => defineLink(Product.linkable.product, Product.linkable.product) },
  ];

  it.each(definitions)("$name: INVALID_DEFINITION", ({ define }) => {
    let error: unknown;
    try {
      define();
    } catch (failure) {
      error = failure;
    }
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({ code: "INVALID_DEFINITION" });
  });

  it("a text default full of quotes and SQL is stored as a value, not run", async () => {
    const link = defineLink(Product.linkable.product, Brand.linkable.brand, {
      database: { table: "link_default_probe", extraColumns: { note: { type: "text", default: "x'); drop table link_default_probe; --" } } },
    });
    const store = new KnexLinkStore({ knex: pglite, schema: "hostile_defaults" });
    await store.sync([link], { onRefused: "throw" });
    const remoteLink = untyped(new RemoteLink({ links: [link], store }));
    await remoteLink.create({ product: { product_id: "p" }, brand: { brand_id: "b" } });
    expect((await remoteLink.list({ product: { product_id: "p" } }))[0]?.note).toBe("x'); drop table link_default_probe; --");
  });

  it("a schema name with SQL is refused by the store and by sync, and creates nothing", async () => {
    const bad = `public"; drop schema x; --`;
    const refused = (work: () => unknown) =>
      Promise.resolve()
        .then(work)
        .then(
          () => undefined,
          (failure: unknown) => failure,
        );
    for (const error of [
      await refused(() => new KnexLinkStore({ knex: pglite, schema: bad })),
      await refused(() => syncLinkTables(pglite, conformanceLinks, { schema: bad })),
    ]) {
      expect(error).toBeInstanceOf(LinkError);
    }
    expect((await pglite.raw(`select count(*)::int as n from pg_namespace where nspname like 'public"%'`)).rows[0].n).toBe(0);
  });
});

describe.each(storeNames.filter((name) => name !== "memory"))("no input reaches SQL text on %s", (storeName) => {
  it("ids, data and names laden with markers appear only in bound parameters, never in the statements knex sends", async () => {
    const { knex } = stores[storeName]!;
    const { remoteLink } = remoteLinkOn(storeName);
    const sent: { sql: string; bindings: unknown }[] = [];
    const capture = (query: { sql: string; bindings?: unknown }) => sent.push({ sql: query.sql, bindings: query.bindings });
    knex!.on("query", capture);
    try {
      const p = `MARKER_P'); drop table x; --`;
      const b = `MARKER_B" or 1=1`;
      const c = `MARKER_C \\' ;`;
      const t = "MARKER_T $1 ?";
      await remoteLink.create([
        { product: { product_id: p }, brand: { brand_id: b } },
        {
          product: { product_id: p },
          helloModuleService: { my_custom_id: c },
          data: { label: "MARKER_LABEL'", metadata: { "MARKER_KEY'": ['MARKER_VALUE"'] }, position: 7 },
        },
        { product: { product_id: p }, tag: { tag_id: t } },
      ]);
      await remoteLink.create({ product: { product_id: p }, brand: { brand_id: "MARKER_OTHER" } }).catch(() => undefined);
      await remoteLink.list({ product: { product_id: p } }, { withDeleted: true });
      await remoteLink.list({ product: { product_id: p }, tag: { tag_id: t } });
      await remoteLink.replace({ product: { product_id: p }, tag: { tag_id: [t, "MARKER_T2"] } });
      await remoteLink.dismiss({ product: { product_id: p }, tag: { tag_id: "MARKER_T2" } });
      await remoteLink.delete({ brand: { brand_id: b } });
      await remoteLink.restore({ brand: { brand_id: b } });
      await remoteLink.create({ product: { product_id: "MARKER_LINK" }, brand: { brand_id: b }, link: "MARKER_NAME" }).catch(() => undefined);
    } finally {
      knex!.off("query", capture);
    }
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.filter((query) => query.sql.includes("MARKER"))).toEqual([]);
    const bound = JSON.stringify(sent.map((query) => query.bindings));
    for (const marker of ["MARKER_P", "MARKER_B", "MARKER_C", "MARKER_T", "MARKER_LABEL", "MARKER_KEY", "MARKER_VALUE", "MARKER_T2"])
      expect(bound, marker).toContain(marker);
  });
});
