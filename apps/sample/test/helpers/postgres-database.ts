import { randomBytes } from "node:crypto";
import makeKnex from "knex";

/** A throwaway PostgreSQL database for one test file. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** The server to test against: DATABASE_URL, else PG* variables, else local trust auth as postgres. */
function serverUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const user = process.env.PGUSER ?? "postgres";
  const password = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : "";
  const host = process.env.PGHOST ?? "127.0.0.1";
  const port = process.env.PGPORT ?? "5432";
  return `postgres://${encodeURIComponent(user)}${password}@${host}:${port}/${process.env.PGDATABASE ?? "postgres"}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates a fresh database for the calling test file, or returns undefined
 * after one loud line when no server is reachable. On CI an unreachable
 * server fails the file instead.
 */
export async function createTestDatabase(): Promise<TestDatabase | undefined> {
  const admin = makeKnex({ client: "pg", connection: serverUrl(), pool: { min: 0, max: 1 }, acquireConnectionTimeout: 5_000 });
  const name = `modlink_sample_${randomBytes(6).toString("hex")}`;
  try {
    await admin.raw(`create database "${name}"`);
  } catch (error) {
    await admin.destroy();
    const reason = `PostgreSQL at ${serverUrl().replace(/:[^:@/]*@/, ":***@")} is unreachable (${error instanceof Error ? error.message : String(error)})`;
    if (process.env.CI === "true") throw new Error(`${reason}; CI requires it.`, { cause: error });
    console.warn(`\n!!! SKIPPING sample-app PostgreSQL tests: ${reason}. Start PostgreSQL or set DATABASE_URL to run them. !!!\n`);
    return undefined;
  }
  return {
    url: withDatabase(serverUrl(), name),
    drop: async () => {
      try {
        await admin.raw(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.destroy();
      }
    },
  };
}
