import { randomBytes } from "node:crypto";
import type { Knex } from "knex";
import makeKnex from "knex";

/** The server under test: DATABASE_URL, else PG* variables, else local trust auth. */
export function postgresUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const user = process.env.PGUSER ?? "postgres";
  const password = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : "";
  const host = process.env.PGHOST ?? "127.0.0.1";
  const port = process.env.PGPORT ?? "5432";
  const database = process.env.PGDATABASE ?? "postgres";
  return `postgres://${encodeURIComponent(user)}${password}@${host}:${port}/${database}`;
}

/**
 * Fault tests kill connections on purpose and an unreachable server is
 * reported once by us; knex's own warnings for those are noise.
 */
const quietAboutConnections = {
  warn(message: unknown) {
    if (!/^(Connection Error|Acquire connection error)/.test(String(message))) console.warn(message);
  },
};

function masked(url: string): string {
  return url.replace(/:[^:@/]*@/, ":***@");
}

/** A schema of its own on the test server, for one test file. */
export interface PostgresSchema {
  readonly url: string;
  readonly schema: string;
  /** A connection outside every store: terminates backends, holds locks, reads rows. */
  readonly admin: Knex;
  /** A new pool on the server; destroyed by `close`. */
  connect(options?: { readonly poolMax?: number }): Knex;
  /** Another schema beside the file's own, dropped with it (for link sets whose table names would collide). */
  subSchema(suffix: string): string;
  /** Destroys every pool made here and drops the schema. */
  close(): Promise<void>;
}

/**
 * Creates a fresh schema for the calling test file, or returns undefined
 * after ONE loud line when no server answers. On CI an unreachable server
 * fails the file instead.
 */
export async function openPostgresSchema(label: string): Promise<PostgresSchema | undefined> {
  const url = postgresUrl();
  const admin = makeKnex({ client: "pg", connection: url, pool: { min: 0, max: 2 }, acquireConnectionTimeout: 5_000, log: quietAboutConnections });
  const schema = `rel_${label}_${randomBytes(5).toString("hex")}`;
  try {
    await admin.raw(`create schema "${schema}"`);
  } catch (error) {
    await admin.destroy();
    const reason = `PostgreSQL at ${masked(url)} is unreachable (${(error as Error).message})`;
    if (process.env.CI === "true") throw new Error(`${reason}; CI requires it.`, { cause: error });
    console.warn(`!!! SKIPPING the PostgreSQL part of ${label}: ${reason}. Start PostgreSQL or set DATABASE_URL to run it. !!!`);
    return undefined;
  }
  const pools: Knex[] = [];
  const schemas = [schema];
  return {
    url,
    schema,
    admin,
    connect(options = {}) {
      const pool = makeKnex({ client: "pg", connection: url, pool: { min: 0, max: options.poolMax ?? 10 }, log: quietAboutConnections });
      pools.push(pool);
      return pool;
    },
    subSchema(suffix) {
      const name = `${schema}_${suffix}`;
      schemas.push(name);
      return name;
    },
    async close() {
      await Promise.all(pools.map((pool) => pool.destroy()));
      try {
        for (const name of schemas) await admin.raw(`drop schema if exists "${name}" cascade`);
      } finally {
        await admin.destroy();
      }
    },
  };
}
