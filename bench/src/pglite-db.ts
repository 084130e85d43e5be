import { PGlite, types } from "@electric-sql/pglite";
import makeKnex, { type Knex } from "knex";
import ClientPgLite from "knex-pglite";
import { type BenchDb, benchStores } from "./bench-db";
import { pgliteSqlClient } from "./sql-client";
import { countKnexStatements } from "./statement-counter";

/** An in-memory PGlite and a knex on the same instance, int8 as strings like `pg` (as `createKnex` does). */
export async function openPglite(): Promise<{ pglite: PGlite; knex: Knex }> {
  const pglite = await PGlite.create({ parsers: { [types.INT8]: (value: string) => value } });
  const knex = makeKnex({ client: ClientPgLite, connection: () => ({ pglite, filename: "memory" }) });
  return { pglite, knex };
}

/**
 * PGlite in memory: modlink through knex-pglite, the baseline through the
 * instance's own `query`, one instance for both.
 */
export async function openPgliteDb(): Promise<BenchDb> {
  const { pglite, knex } = await openPglite();
  const sql = pgliteSqlClient(pglite);
  const version = String((await sql.query("select version() as v")).rows[0]?.v);
  return {
    backend: "pglite",
    version,
    knex,
    ...benchStores(knex),
    knexStatements: countKnexStatements(knex),
    sql,
    childUrl: null,
    async close() {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
