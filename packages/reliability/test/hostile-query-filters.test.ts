import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseMayRefuseQueries, refusableQueries } from "../src/edge-query-values";
import { ownFieldQueries, relationQueries } from "../src/hostile-query-values";
import { judgeAll } from "../src/judge-query";
import { queryDatabases } from "../src/query-databases";
import { QueryPaths } from "../src/query-world";
import { seededRandom } from "../src/seeded-random";

/** Replay a failure with the same seed: it draws the same records, links and queries. */
const SEED = 20_240_611;
const databases = await queryDatabases("hq_filters", SEED);
beforeAll(() => databases.open());
afterAll(() => databases.close());

describe.each(databases.names)("LinkQuery filters on %s", (database) => {
  describe.each(QueryPaths)("the %s path", (path) => {
    const world = () => databases.world(database);

    it("a filter value of every operator never reaches SQL text and finds exactly the records the oracle names", async () => {
      const queries = ownFieldQueries(world().seed, seededRandom(SEED + 1));
      expect(queries.length).toBeGreaterThan(600);
      expect(await judgeAll(world(), path, queries)).toEqual([]);
    });

    it("relation filters, nested two levels and through the read-only key, bind every value and match as the oracle says", async () => {
      const queries = relationQueries(world().seed, seededRandom(SEED + 2));
      expect(queries.length).toBeGreaterThan(80);
      expect(await judgeAll(world(), path, queries)).toEqual([]);
    });

    it("NUL bytes, lone surrogates and non-scalar values get correct answers or INVALID_INPUT/INVALID_ID before any SQL, never pasted into it", async () => {
      expect(await judgeAll(world(), path, refusableQueries(world().seed))).toEqual([]);
    });

    it("values the column's SQL type cannot take never reach SQL text, and are answered correctly or refused", async () => {
      expect(await judgeAll(world(), path, databaseMayRefuseQueries())).toEqual([]);
    });
  });
});
