import { RemoteLink } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import { afterAll, beforeAll, describe } from "vitest";
import { links } from "../src/fixtures";
import { type JoinEnvs, joinBehaviour } from "../src/join-behaviour";
import { createModuleTables, knexModules } from "../src/knex-modules";
import { openQueryEnv, seedLinks } from "../src/query-env";
import { limitBehaviour } from "../src/limit-behaviour";
import { queryBehaviour } from "../src/query-behaviour";
import { createPostgresDatabase } from "../src/test-databases";

const database = await createPostgresDatabase();
afterAll(() => database?.close());

let envs: JoinEnvs;
beforeAll(async () => {
  if (!database) return;
  const { knex } = database;
  const store = new KnexLinkStore({ knex });
  const joining = new KnexLinkStore({ knex, database: "main" });
  await store.sync([...links]);
  await createModuleTables(knex);
  await seedLinks(store);
  envs = {
    modules: openQueryEnv(store, knexModules(knex, { parallelReads: true })),
    joins: openQueryEnv(joining, knexModules(knex, { parallelReads: true, database: "main" }), knex),
    mixed: openQueryEnv(joining, knexModules(knex, { parallelReads: true, database: "main" }, { brand: "elsewhere" })),
    remoteLink: new RemoteLink({ links, store }),
  };
});

describe.skipIf(!database)("LinkQuery on PostgreSQL (link tables and module tables in one database), through module fetches", () => {
  queryBehaviour(() => envs.modules, { parallelReads: true, reads: "modules" });
  limitBehaviour(() => envs.modules, "modules");
});

describe.skipIf(!database)("LinkQuery on PostgreSQL, joined in SQL (modules declare sqlSource in the store's database)", () => {
  queryBehaviour(() => envs.joins, { parallelReads: true, reads: "joins" });
  limitBehaviour(() => envs.joins, "joins");
  joinBehaviour(() => envs);
});
