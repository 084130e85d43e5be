import { RemoteLink } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import { afterAll, beforeAll, describe } from "vitest";
import { links } from "../src/fixtures";
import { type JoinEnvs, joinBehaviour } from "../src/join-behaviour";
import { createModuleTables, knexModules } from "../src/knex-modules";
import { openQueryEnv, seedLinks } from "../src/query-env";
import { limitBehaviour } from "../src/limit-behaviour";
import { queryBehaviour } from "../src/query-behaviour";
import { createPgliteDatabase } from "../src/test-databases";

const database = await createPgliteDatabase();
afterAll(() => database.close());

let envs: JoinEnvs;
beforeAll(async () => {
  const { knex } = database;
  const store = new KnexLinkStore({ knex });
  const joining = new KnexLinkStore({ knex, database: "main" });
  await store.sync([...links]);
  await createModuleTables(knex);
  await seedLinks(store);
  // One PGlite connection serves the store and the modules: no parallel reads.
  envs = {
    modules: openQueryEnv(store, knexModules(knex, { parallelReads: false })),
    joins: openQueryEnv(joining, knexModules(knex, { parallelReads: false, database: "main" }), knex),
    mixed: openQueryEnv(joining, knexModules(knex, { parallelReads: false, database: "main" }, { brand: "elsewhere" })),
    remoteLink: new RemoteLink({ links, store }),
  };
});

describe("LinkQuery on PGlite (link tables and module tables in one database), through module fetches", () => {
  queryBehaviour(() => envs.modules, { parallelReads: false, reads: "modules" });
  limitBehaviour(() => envs.modules, "modules");
});

describe("LinkQuery on PGlite, joined in SQL (modules declare sqlSource in the store's database)", () => {
  queryBehaviour(() => envs.joins, { parallelReads: false, reads: "joins" });
  limitBehaviour(() => envs.joins, "joins");
  joinBehaviour(() => envs);
});
