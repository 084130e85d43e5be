import { LinkError } from "@modlink/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invalidQueries } from "../src/invalid-queries";
import { judgeAll } from "../src/judge-query";
import { queryDatabases } from "../src/query-databases";
import { QueryPaths } from "../src/query-world";
import { seededRandom } from "../src/seeded-random";
import { fieldQueries, nestedQueries, orderQueries, paginationQueries } from "../src/shape-queries";
import { captureStatements } from "../src/sql-capture";

/** Replay a failure with the same seed: it draws the same records, links and queries. */
const SEED = 20_240_612;
const databases = await queryDatabases("hq_shape", SEED);
beforeAll(() => databases.open());
afterAll(() => databases.close());

describe.each(databases.names)("LinkQuery order, pages and fields on %s", (database) => {
  const world = () => databases.world(database);

  it("the joined path reads a filtered, linked-sorted page in one statement; the general path never joins a link table", async () => {
    const query = { entity: "product", fields: ["id"], filters: { brand: { name: { $ne: "x" } }, tags: {} }, order: ["brand.name"] };
    const joined = await captureStatements(world().knex, () => world().queries.joined.graph(query));
    const general = await captureStatements(world().knex, () => world().queries.general.graph(query));
    expect(joined.sent.map((statement) => statement.sql)).toEqual([expect.stringMatching(/left join lateral .* exists .* exists/)]);
    expect(general.sent.length).toBeGreaterThan(3);
    expect(general.sent.filter((statement) => /exists|join/.test(statement.sql))).toEqual([]);
    expect(joined.outcome).toEqual(general.outcome);
  });

  describe.each(QueryPaths)("the %s path", (path) => {
    it("order terms and directions sort exactly as the oracle does, with only known names in SQL", async () => {
      const queries = orderQueries(world().seed, seededRandom(SEED + 1));
      expect(queries.length).toBeGreaterThan(90);
      expect(await judgeAll(world(), path, queries)).toEqual([]);
    });

    it("skip and take at every edge page exactly as the oracle does, sliced in SQL or in memory", async () => {
      expect(await judgeAll(world(), path, paginationQueries(world().seed))).toEqual([]);
    });

    it("nested pages and orders, by record fields and by link columns, page each parent's list as the oracle does", async () => {
      expect(await judgeAll(world(), path, nestedQueries(seededRandom(SEED + 2)))).toEqual([]);
    });

    it("fields of every shape return exactly the selected values, hostile text round-tripping verbatim", async () => {
      expect(await judgeAll(world(), path, fieldQueries())).toEqual([]);
    });

    it.each(invalidQueries)("$name is refused with $code and a message that explains, before any SQL runs", async ({ query, code }) => {
      const { outcome, sent } = await captureStatements(world().knex, () => world().queries[path].graph(query));
      const error = outcome.ok ? undefined : outcome.error;
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code });
      expect((error as Error).message.length).toBeGreaterThan(30);
      expect(sent).toEqual([]);
    });
  });
});
