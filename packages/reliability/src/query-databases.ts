import type { Knex } from "knex";
import { openPgliteMemory } from "./pglite-memory";
import { openPostgresSchema } from "./postgres-server";
import { type QueryWorld, openQueryWorld } from "./query-world";

export const QueryDatabaseNames = ["PGlite", "PostgreSQL"] as const;
export type QueryDatabaseName = (typeof QueryDatabaseNames)[number];

/** The databases one test file queries, each with its own query world. */
export interface QueryDatabases {
  /** PGlite always; PostgreSQL when the server answers. */
  readonly names: readonly QueryDatabaseName[];
  /** Opens every database and fills its world; call in `beforeAll`. */
  open(): Promise<void>;
  world(name: QueryDatabaseName): QueryWorld;
  /** Destroys the connections and drops the server schema; call in `afterAll`. */
  close(): Promise<void>;
}

/**
 * Real PGlite (in memory) and, when reachable, real PostgreSQL in a schema
 * of the file's own that `close` drops. An unreachable server is one loud
 * line, or a failure under CI=true (`openPostgresSchema`).
 *
 * @example
 * const databases = await queryDatabases("query_filters", 11)
 * beforeAll(() => databases.open())
 * describe.each(databases.names)("on %s", (name) => { ... databases.world(name) ... })
 */
export async function queryDatabases(label: string, seed: number): Promise<QueryDatabases> {
  const server = await openPostgresSchema(label);
  const worlds = new Map<QueryDatabaseName, QueryWorld>();
  let pglite: Knex | undefined;
  return {
    names: server ? ["PGlite", "PostgreSQL"] : ["PGlite"],
    async open() {
      pglite = await openPgliteMemory();
      await pglite.raw(`create schema "${label}"`);
      worlds.set("PGlite", await openQueryWorld(pglite, label, seed));
      if (server) worlds.set("PostgreSQL", await openQueryWorld(server.connect({ poolMax: 2 }), server.schema, seed));
    },
    world(name) {
      const world = worlds.get(name);
      if (!world) throw new Error(`test setup: ${name} was not opened (call open() in beforeAll)`);
      return world;
    },
    async close() {
      await pglite?.destroy();
      await server?.close();
    },
  };
}
