import { KnexLinkStore } from "@modlink/knex";
import { afterAll, beforeAll, describe } from "vitest";
import { links } from "../src/fixtures";
import { createModuleTables, knexModules } from "../src/knex-modules";
import { type QueryEnv, openQueryEnv } from "../src/query-env";
import { queryBehaviour } from "../src/query-behaviour";
import { createPgliteDatabase } from "../src/test-databases";

const database = await createPgliteDatabase();
afterAll(() => database.close());

let env: QueryEnv;
beforeAll(async () => {
  const store = new KnexLinkStore({ knex: database.knex });
  await store.sync([...links]);
  await createModuleTables(database.knex);
  // One PGlite connection serves the store and the modules: no parallel reads.
  env = await openQueryEnv(store, knexModules(database.knex, false));
});

describe("LinkQuery on PGlite (link tables and module tables in one database)", () => {
  queryBehaviour(() => env, { parallelReads: false });
});
