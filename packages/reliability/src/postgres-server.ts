import { freshPostgres } from "@modlink/test-support";
import type { Knex } from "knex";
import makeKnex from "knex";

/**
 * Fault tests kill connections on purpose and an unreachable server is
 * reported once by us; knex's own warnings for those are noise.
 */
const quietAboutConnections = {
  warn(message: unknown) {
    if (!/^(Connection Error|Acquire connection error)/.test(String(message))) console.warn(message);
  },
};

/** A schema of its own in a fresh database on the test server, for one test file. */
export interface PostgresSchema {
  readonly url: string;
  readonly schema: string;
  /** A connection outside every store: terminates backends, holds locks, reads rows. */
  readonly admin: Knex;
  /** A new pool on the server; destroyed by `close`. */
  connect(options?: { readonly poolMax?: number }): Knex;
  /** Another schema beside the file's own, dropped with it (for link sets whose table names would collide). */
  subSchema(suffix: string): string;
  /** Destroys every pool made here and drops the database. */
  close(): Promise<void>;
}

/**
 * Creates a fresh database (`freshPostgres`) and a schema in it for the
 * calling test file, or returns undefined after ONE loud line when no server
 * answers. On CI an unreachable server fails the file instead. Child
 * processes reach it through `url` and `schema`.
 */
export async function openPostgresSchema(label: string): Promise<PostgresSchema | undefined> {
  const database = await freshPostgres(`rel_${label}`);
  if (!database) return undefined;
  const { url } = database;
  const admin = makeKnex({ client: "pg", connection: url, pool: { min: 0, max: 2 }, log: quietAboutConnections });
  const schema = `rel_${label}`;
  await admin.raw(`create schema "${schema}"`);
  const pools: Knex[] = [];
  return {
    url,
    schema,
    admin,
    connect(options = {}) {
      const pool = makeKnex({ client: "pg", connection: url, pool: { min: 0, max: options.poolMax ?? 10 }, log: quietAboutConnections });
      pools.push(pool);
      return pool;
    },
    subSchema: (suffix) => `${schema}_${suffix}`,
    async close() {
      await Promise.all([...pools, admin].map((pool) => pool.destroy()));
      // Dropping the database drops every schema in it, and closes what a killed child left connected.
      await database.drop();
    },
  };
}
