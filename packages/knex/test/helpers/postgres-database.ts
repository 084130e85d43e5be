import { randomBytes } from "node:crypto";
import type { Knex } from "knex";
import makeKnex from "knex";

/** A throwaway PostgreSQL database for one test file. */
export interface TestDatabase {
  readonly url: string;
  /** A new knex instance on the database; the caller destroys it. */
  connect(): Knex;
  /** Drops the database (after the file's knex instances are destroyed). */
  drop(): Promise<void>;
}

/** The server to test against: DATABASE_URL, else PG* variables, else local trust auth. */
function serverUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const user = process.env.PGUSER ?? "postgres";
  const password = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : "";
  const host = process.env.PGHOST ?? "127.0.0.1";
  const port = process.env.PGPORT ?? "5432";
  const database = process.env.PGDATABASE ?? "test";
  return `postgres://${encodeURIComponent(user)}${password}@${host}:${port}/${database}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates a fresh database for the calling test file, or returns undefined
 * (after one loud line) when no server is reachable. On CI an unreachable
 * server is a failure, never a silent skip.
 */
export async function createTestDatabase(): Promise<TestDatabase | undefined> {
  const admin = makeKnex({ client: "pg", connection: serverUrl(), pool: { min: 0, max: 1 }, acquireConnectionTimeout: 5_000 });
  const name = `modlink_knex_${randomBytes(6).toString("hex")}`;
  try {
    await admin.raw(`create database "${name}"`);
  } catch (error) {
    await admin.destroy();
    const reason = `PostgreSQL at ${serverUrl().replace(/:[^:@/]*@/, ":***@")} is unreachable (${(error as Error).message})`;
    if (process.env.CI === "true") throw new Error(`${reason}; CI requires it.`, { cause: error });
    console.warn(`\n!!! SKIPPING PostgreSQL tests: ${reason}. Start PostgreSQL or set DATABASE_URL to run them. !!!\n`);
    return undefined;
  }
  const url = withDatabase(serverUrl(), name);
  return {
    url,
    connect: () => makeKnex({ client: "pg", connection: url }),
    drop: async () => {
      try {
        await admin.raw(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.destroy();
      }
    },
  };
}
