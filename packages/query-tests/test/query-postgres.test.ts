import { KnexLinkStore } from "@modlink/knex";
import { afterAll, beforeAll, describe } from "vitest";
import { links } from "../src/fixtures";
import { createModuleTables, knexModules } from "../src/knex-modules";
import { type QueryEnv, openQueryEnv } from "../src/query-env";
import { queryBehaviour } from "../src/query-behaviour";
import { createPostgresDatabase } from "../src/test-databases";

const database = await createPostgresDatabase();
afterAll(() => database?.close());

let env: QueryEnv;
beforeAll(async () => {
  if (!database) return;
  const store = new KnexLinkStore({ knex: database.knex });
  await store.sync([...links]);
  await createModuleTables(database.knex);
  env = await openQueryEnv(store, knexModules(database.knex, true));
});

describe.skipIf(!database)("LinkQuery on PostgreSQL (link tables and module tables in one database)", () => {
  queryBehaviour(() => env, { parallelReads: true });
});
