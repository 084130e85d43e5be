import { joinReadSuite, querySuite } from "@modlink/conformance";
import { freshPostgres } from "@modlink/test-support";
import type { Knex } from "knex";
import { afterAll, describe } from "vitest";
import { knexQueryHarness } from "./helpers/query-harness";

// One database and pool for the file; each suite gets a schema of its own in it.
const database = await freshPostgres("query");
const knex = database?.connect();
afterAll(async () => {
  await knex?.destroy();
  await database?.drop();
});

describe.skipIf(!database)("PostgreSQL", () => {
  querySuite({
    name: "knex + PostgreSQL, module tables in the same database",
    parallelReads: true,
    makeStore: (links) => knexQueryHarness(knex as Knex, links, { parallelReads: true }),
  });

  joinReadSuite({
    name: "knex + PostgreSQL",
    makeStore: (links) => knexQueryHarness(knex as Knex, links, { parallelReads: true, database: "main" }),
  });
});
