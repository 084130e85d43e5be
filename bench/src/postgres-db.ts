import { randomBytes } from "node:crypto";
import { createKnex } from "@modlink/knex";
import { type BenchDb, benchStores } from "./bench-db";
import { pgSqlClient } from "./sql-client";
import { countKnexStatements } from "./statement-counter";

/**
 * Creates a scratch database `modlink_bench_<random>` on the server and
 * connects both sides to it; `close()` drops it.
 * @example const db = await openPostgresDb("postgres://postgres@127.0.0.1:5432/postgres")
 */
export async function openPostgresDb(serverUrl: string): Promise<BenchDb> {
  const name = `modlink_bench_${randomBytes(4).toString("hex")}`;
  const admin = await pgSqlClient(serverUrl);
  await admin.query(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const knex = await createKnex(url.toString());
    const sql = await pgSqlClient(url.toString());
    const version = String((await sql.query("select version() as v")).rows[0]?.v);
    return {
      backend: "postgres",
      version,
      knex,
      ...benchStores(knex),
      knexStatements: countKnexStatements(knex),
      sql,
      childUrl: url.toString(),
      async close() {
        await Promise.allSettled([knex.destroy(), sql.close()]);
        await dropDatabase(admin, name);
      },
    };
  } catch (error) {
    await dropDatabase(admin, name);
    throw error;
  }
}

async function dropDatabase(admin: Awaited<ReturnType<typeof pgSqlClient>>, name: string): Promise<void> {
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.close();
  }
}
