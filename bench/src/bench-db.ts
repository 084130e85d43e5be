import type { KnexLinkStore } from "@modlink/knex";
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
  readonly knexStatements: StatementCounter;
  /** The hand-written baseline's connection, also used for setup and resets. */
  readonly sql: SqlClient;
  /** Where a child process finds this database; null for PGlite (a child opens its own). */
  readonly childUrl: string | null;
  close(): Promise<void>;
}
