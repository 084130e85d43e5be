import type { AnyLinkDefinition } from "@modlink/core";
import type { JoinReadHarness } from "@modlink/conformance";
import type { Knex } from "knex";
import { KnexLinkStore } from "../../src";
import { freshSchema } from "./fixtures";
import { createQueryTables, knexQueryModules } from "./query-modules";

export interface KnexQueryHarnessOptions {
  /** Only when the database has a pool (not PGlite). */
  readonly parallelReads: boolean;
  /** The store's `database` name, which gives it `joinReads`; omitted: a store without. */
  readonly database?: string;
}

/**
 * A store synced in a fresh schema that also holds the fixture's module
 * tables, the knex module services over them, and the statements sent
 * through `knex` counted. `close` leaves `knex` open: the test file owns it.
 */
export async function knexQueryHarness(knex: Knex, links: readonly AnyLinkDefinition[], options: KnexQueryHarnessOptions): Promise<JoinReadHarness> {
  const schema = freshSchema("query");
  const store = new KnexLinkStore({ knex, schema, ...(options.database === undefined ? {} : { database: options.database }) });
  await store.sync(links);
  const tables = { knex, schema };
  await createQueryTables(tables);
  let sent = 0;
  const count = () => sent++;
  knex.on("query", count);
  const { parallelReads } = options;
  return {
    store,
    modules: knexQueryModules(tables, { parallelReads }),
    sqlModules: (databases) => knexQueryModules(tables, { parallelReads, databases }),
    statementsSent: () => sent,
    close: async () => {
      knex.off("query", count);
      await store.close();
    },
  };
}
