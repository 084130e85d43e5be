import { LinkError, RemoteLink } from "@modlink/core";
import { LinkQuery, listRecordsInMemory, type GraphFilters, type GraphQuery } from "@modlink/query";
import { KnexLinkStore } from "@modlink/knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryDatabases } from "../src/query-databases";
import { QueryModels, QueryPaths, queryLinks } from "../src/query-world";
import { captureStatements } from "../src/sql-capture";
import { untyped } from "../src/untyped-remote-link";

/**
 * Requests built to make `LinkQuery` work without end, on real databases and
 * both read paths: refused before any statement when the query shows it,
 * else stopped by the record budget with memory bounded. No assertion
 * depends on speed: a request that ran away would exhaust the test timeout
 * or the heap bound, not a stopwatch.
 */
const SEED = 20_261_202;
const BIG_BRAND = "dos_brand";
const PRODUCTS = 3_000;
/** Far below what the looping read would build unbounded (9 million records, gigabytes). */
const HEAP_BOUND = 256 * 1024 * 1024;

const databases = await queryDatabases("hq_dos", SEED);
beforeAll(async () => {
  await databases.open();
  for (const name of databases.names) {
    const { knex, schema } = databases.world(name);
    const ids = Array.from({ length: PRODUCTS }, (_, i) => `dos_p${i}`);
    await knex.withSchema(schema).table(QueryModels.brand.table).insert({ id: BIG_BRAND, name: "Big" });
    await knex
      .withSchema(schema)
      .table(QueryModels.product.table)
      .insert(ids.map((id) => ({ id, title: `t${id}` })));
    const remoteLink = untyped(new RemoteLink({ links: queryLinks, store: new KnexLinkStore({ knex, schema }) }));
    await remoteLink.create(ids.map((id) => ({ catalog: { product_id: id }, maker: { brand_id: BIG_BRAND } })));
  }
});
afterAll(() => databases.close());

function limitOf(outcome: { ok: boolean; error?: unknown }): string | undefined {
  if (outcome.ok) return "answered";
  const error = outcome.error as LinkError & { limit?: string };
  return error instanceof LinkError ? `${error.code}${error.limit ? ` ${error.limit}` : ""}` : `untyped: ${String(error)}`;
}

describe.each(databases.names)("hostile queries on %s", (database) => {
  describe.each(QueryPaths)("the %s path", (path) => {
    const run = (input: Parameters<LinkQuery["graph"]>[0], options?: Parameters<LinkQuery["graph"]>[1]) => {
      const world = databases.world(database);
      return captureStatements(world.knex, () => world.queries[path].graph(input, options));
    };

    it("fields looping along a link, 30 hops deep, are refused before any statement", async () => {
      const { outcome, sent } = await run({ entity: "brand", fields: [`${"products.brand.".repeat(15)}id`] });
      expect([limitOf(outcome), sent]).toEqual(["QUERY_TOO_COSTLY allowRevisits", []]);
      const deep = await run({ entity: "brand", fields: [`${"products.brand.".repeat(15)}id`] }, { limits: { allowRevisits: true } });
      expect([limitOf(deep.outcome), deep.sent]).toEqual(["QUERY_TOO_COSTLY maxDepth", []]);
    });

    it("relation filters nested 30 deep, 62 filter terms, 1,000 sort keys and 1,001 $in values are refused before any statement", async () => {
      let nested: GraphFilters = { name: "Big" };
      for (let i = 0; i < 15; i++) nested = { products: { brand: nested } };
      const every = (value: string) => ({
        $eq: value,
        $ne: value,
        $gt: value,
        $gte: value,
        $lt: value,
        $lte: value,
        $like: value,
        $ilike: value,
        $in: [value],
        $nin: [value],
      });
      // 10 conditions on each of 6 fields and 2 relation filters: 62 terms, over the 50 allowed.
      const wide = { id: every("a"), title: every("b"), brand: { id: every("c"), name: every("d") }, tags: { id: every("e"), label: every("f") } };
      const inputs: GraphQuery[] = [
        { entity: "brand", filters: nested },
        { entity: "product", filters: wide },
        { entity: "product", order: Array.from({ length: 1_000 }, () => "brand.name") },
        { entity: "product", filters: { id: { $in: Array.from({ length: 1_001 }, (_, i) => `p${i}`) } } },
      ];
      const outcomes = [];
      for (const input of inputs) outcomes.push(await run(input, { limits: { allowRevisits: true } }));
      expect(outcomes.map(({ outcome, sent }) => [limitOf(outcome), sent.length])).toEqual([
        ["QUERY_TOO_COSTLY maxDepth", 0],
        ["QUERY_TOO_COSTLY maxFilterTerms", 0],
        ["QUERY_TOO_COSTLY maxOrderTerms", 0],
        ["INVALID_INPUT", 0],
      ]);
    });

    it("a brand of 3,000 products: the unpaged list fails maxListSize, a paged one answers", async () => {
      const input = { entity: "brand", fields: ["id", "products.id"], filters: { id: BIG_BRAND } };
      expect(limitOf((await run(input)).outcome)).toBe("QUERY_TOO_COSTLY maxListSize");
      const paged = await run({ ...input, pagination: { relations: { products: { take: 2, order: ["id"] } } } });
      expect(paged.outcome).toEqual({
        ok: true,
        value: { data: [{ id: BIG_BRAND, products: [{ id: "dos_p0" }, { id: "dos_p1" }] }], metadata: { count: 1, skip: 0, take: null } },
      });
    });

    it("going back and forth over 3,000 products fails maxRecords with bounded memory, and answers whole when raised", async () => {
      const input = { entity: "brand", fields: ["products.brand.products.id"], filters: { id: BIG_BRAND } };
      const limits = { allowRevisits: true, maxListSize: 100_000 };
      const before = process.memoryUsage().heapUsed;
      const { outcome } = await run(input, { limits });
      expect(limitOf(outcome)).toBe("QUERY_TOO_COSTLY maxRecords");
      expect((outcome as { error: Error }).error.message).toMatch(/The result would hold 10001 records|more than 10000 records/);
      expect(process.memoryUsage().heapUsed - before).toBeLessThan(HEAP_BOUND);
      const small = await run({ ...input, fields: ["products.brand.id"] }, { limits: { ...limits, maxRecords: 7_000 } });
      if (!small.outcome.ok) throw small.outcome.error;
      const products = small.outcome.value.data[0]?.products;
      const brands = Array.isArray(products) ? products.map((product: { brand?: unknown }) => product.brand) : [];
      expect(brands).toHaveLength(PRODUCTS);
      // One brand record, shared by every product that shows it.
      expect(new Set(brands).size).toBe(1);
    });
  });
});

describe("a LIKE pattern built to backtrack, matched in memory", () => {
  it("answers exactly over long values instead of running for ever", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: `b${i}`, name: `${"a".repeat(5_000)}${i % 2 ? "b" : "c"}`, deleted_at: null }));
    const query = new LinkQuery({
      modules: {
        brand: { models: { brand: { fields: ["id", "name", "deleted_at"] } }, listRecords: async (_model, request) => listRecordsInMemory(rows, request) },
      },
    });
    const pattern = `${"%a".repeat(30)}%b`;
    const { data } = await query.graph({ entity: "brand", fields: ["id"], filters: { name: { $like: pattern } } });
    expect(data.map((record) => record.id)).toEqual(
      rows
        .filter((_, i) => i % 2)
        .map((row) => row.id)
        .sort(),
    );
  });
});
