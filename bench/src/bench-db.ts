import { KnexLinkStore } from "@modlink/knex";
import type { Knex } from "knex";
import type { BackendName } from "./options";
import type { SqlClient } from "./sql-client";
import type { StatementCounter } from "./statement-counter";

/**
 * The name modlink's store gives the bench database, which the cascade's
 * module services repeat in their `sqlSoftDelete` (see `SqlRecordService`).
 */
export const BENCH_DATABASE = "bench";

/** One database both sides of every workload run against. */
export interface BenchDb {
  readonly backend: BackendName;
  /** `select version()`. */
  readonly version: string;
  /** modlink's connection. */
  readonly knex: Knex;
  readonly store: KnexLinkStore;
  /** modlink's store on the same connection with `changeFeed: true`: every write also records its changed rows in the feed (`modlink_change_inbox`). */
  readonly feedStore: KnexLinkStore;
  readonly knexStatements: StatementCounter;
  /** The hand-written baseline's connection, also used for setup and resets. */
  readonly sql: SqlClient;
  /** Where a child process finds this database; null for PGlite (a child opens its own). */
  readonly childUrl: string | null;
  close(): Promise<void>;
}

/**
 * modlink's two stores on one connection, the change feed off and on.
 * @example const { store, feedStore } = benchStores(knex)
 */
export function benchStores(knex: Knex): Pick<BenchDb, "store" | "feedStore"> {
  return {
    store: new KnexLinkStore({ knex, database: BENCH_DATABASE }),
    feedStore: new KnexLinkStore({ knex, database: BENCH_DATABASE, changeFeed: true }),
  };
}
