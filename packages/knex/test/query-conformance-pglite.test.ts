import { joinReadSuite, querySuite } from "@modlink/conformance";
import { afterAll } from "vitest";
import { openTestPglite } from "./helpers/pglite-database";
import { knexQueryHarness } from "./helpers/query-harness";

// One PGlite for the file (opening one costs seconds); each suite gets a schema of its own in it.
const pglite = await openTestPglite("memory");
afterAll(() => pglite.close());

// One PGlite connection serves the store and the modules: no parallel reads.
querySuite({
  name: "knex + PGlite (memory), module tables in the same database",
  parallelReads: false,
  makeStore: (links) => knexQueryHarness(pglite.knex, links, { parallelReads: false }),
});

joinReadSuite({
  name: "knex + PGlite (memory)",
  makeStore: (links) => knexQueryHarness(pglite.knex, links, { parallelReads: false, database: "main" }),
});
