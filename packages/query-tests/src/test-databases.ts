import { createKnex } from "@modlink/knex";
import { freshPostgres } from "@modlink/test-support";
import type { Knex } from "knex";

export interface TestDatabase {
  readonly knex: Knex;
  close(): Promise<void>;
}

/** A fresh PostgreSQL database for one test file (see `freshPostgres`), through modlink's `createKnex`. */
export async function createPostgresDatabase(): Promise<TestDatabase | undefined> {
  const database = await freshPostgres("query");
  if (!database) return undefined;
  const knex = await createKnex(database.url);
  return {
    knex,
    close: async () => {
      await knex.destroy();
      await database.drop();
    },
  };
}

/** PGlite in memory: one instance per test file (opening one costs seconds). */
export async function createPgliteDatabase(): Promise<TestDatabase> {
  const knex = await createKnex("pglite://memory");
  return { knex, close: () => knex.destroy() };
}
