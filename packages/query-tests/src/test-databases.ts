import { randomBytes } from "node:crypto";
import { createKnex } from "@modlink/knex";
import type { Knex } from "knex";

/** The server to test against: DATABASE_URL, else PG* variables, else local trust auth. */
function serverUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const user = process.env.PGUSER ?? "postgres";
  const password = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : "";
  const host = process.env.PGHOST ?? "127.0.0.1";
  const port = process.env.PGPORT ?? "5432";
  return `postgres://${encodeURIComponent(user)}${password}@${host}:${port}/${process.env.PGDATABASE ?? "postgres"}`;
}

export interface TestDatabase {
  readonly knex: Knex;
  close(): Promise<void>;
}

/**
 * A fresh PostgreSQL database for one test file, or undefined (after one
 * loud line) when no server is reachable; on CI that is a failure instead.
 */
export async function createPostgresDatabase(): Promise<TestDatabase | undefined> {
  const admin = await createKnex(serverUrl());
  const name = `modlink_query_${randomBytes(6).toString("hex")}`;
  try {
    await admin.raw(`create database "${name}"`);
  } catch (error) {
    await admin.destroy();
    const reason = `PostgreSQL at ${serverUrl().replace(/:[^:@/]*@/, ":***@")} is unreachable (${(error as Error).message})`;
    if (process.env.CI === "true") throw new Error(`${reason}; CI requires it.`, { cause: error });
    console.warn(`\n!!! SKIPPING PostgreSQL query tests: ${reason}. Start PostgreSQL or set DATABASE_URL to run them. !!!\n`);
    return undefined;
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const knex = await createKnex(url.toString());
  return {
    knex,
    close: async () => {
      await knex.destroy();
      try {
        await admin.raw(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.destroy();
      }
    },
  };
}

/** PGlite in memory: one instance per test file (opening one costs seconds). */
export async function createPgliteDatabase(): Promise<TestDatabase> {
  const knex = await createKnex("pglite://memory");
  return { knex, close: () => knex.destroy() };
}
