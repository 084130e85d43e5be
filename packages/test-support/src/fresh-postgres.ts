import { randomBytes } from "node:crypto";
import makeKnex, { type Knex } from "knex";

/**
 * The server the suites test against: DATABASE_URL, else the PG* variables,
 * else local trust auth as `postgres` on 127.0.0.1:5432. Its database only
 * serves to create and drop the fresh ones (`postgres` unless PGDATABASE says
 * otherwise).
 */
export function postgresServerUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const user = encodeURIComponent(process.env.PGUSER ?? "postgres");
  const password = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : "";
  const host = process.env.PGHOST ?? "127.0.0.1";
  const port = process.env.PGPORT ?? "5432";
  return `postgres://${user}${password}@${host}:${port}/${process.env.PGDATABASE ?? "postgres"}`;
}

/** A database of its own for one test file, on the server of `postgresServerUrl`. */
export interface FreshPostgres {
  /** The database's name (`modlink_<suite>_<random>`). */
  readonly name: string;
  readonly url: string;
  /** A new knex instance (`pg` client) on the database; the caller destroys it before `drop`. */
  connect(options?: { readonly poolMax?: number }): Knex;
  /** Drops the database, closing what still uses it. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh database for the calling test file. When no server
 * answers it prints one loud line and returns undefined, so the file's
 * PostgreSQL tests skip; with CI=true it throws instead: CI requires the
 * server.
 *
 * @example
 * const database = await freshPostgres("knex")   // top level of the test file
 * describe.skipIf(!database)("on PostgreSQL", () => { ... })
 */
export async function freshPostgres(suite: string): Promise<FreshPostgres | undefined> {
  const server = postgresServerUrl();
  const admin = makeKnex({ client: "pg", connection: server, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 5_000 });
  const name = `modlink_${suite}_${randomBytes(6).toString("hex")}`;
  try {
    await admin.raw(`create database "${name}"`);
  } catch (error) {
    await admin.destroy();
    const reason = `PostgreSQL at ${server.replace(/:[^:@/]*@/, ":***@")} is unreachable (${error instanceof Error ? error.message : String(error)})`;
    if (process.env.CI === "true") throw new Error(`${reason}; CI requires it.`, { cause: error });
    console.warn(`\n!!! SKIPPING ${suite} tests against PostgreSQL: ${reason}. Start PostgreSQL or set DATABASE_URL to run them. !!!\n`);
    return undefined;
  }
  const target = new URL(server);
  target.pathname = `/${name}`;
  const url = target.toString();
  return {
    name,
    url,
    connect: (options = {}) => makeKnex({ client: "pg", connection: url, pool: { min: 0, max: options.poolMax ?? 10 } }),
    drop: async () => {
      try {
        await admin.raw(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.destroy();
      }
    },
  };
}
