import type { AnyLinkDefinition } from "@modlink/core";
import { createKnex } from "./driver/create-knex";
import { KnexLinkStore } from "./knex-link-store";
import { checkConnection } from "./driver/check-connection";
import type { SyncOptions } from "./introspection/sync-link-tables";

export interface OpenLinkStoreOptions {
  /** `postgres://...`, `pglite://memory`, `pglite://./dir` or `pglite:///abs/dir`. */
  readonly url: string;
  /** The links whose tables the store holds. */
  readonly links: readonly AnyLinkDefinition[];
  /** Schema of the link tables. Default `"public"`. */
  readonly schema?: string;
  /** Sync options, or `false` to skip sync. Default: safe sync that warns about refused changes. */
  readonly sync?: Omit<SyncOptions, "schema" | "changeFeed"> | false;
  /** A name for the database, as `KnexLinkStoreConfig.database` (joined reads, cascade steps in SQL). */
  readonly database?: string;
  /** Record every change in the change feed, as `KnexLinkStoreConfig.changeFeed`. Default false. */
  readonly changeFeed?: boolean;
}

/**
 * Connects (checking the connection with `select 1`), syncs the link tables
 * and returns a store that owns its connection: `close()` releases it.
 *
 * @example
 * const store = await openLinkStore({ url: "pglite://memory", links: [productBrand] })
 * @throws LinkStoreError CONNECTION_FAILED naming the URL (password masked) and what to check.
 */
export async function openLinkStore(options: OpenLinkStoreOptions): Promise<KnexLinkStore> {
  const knex = await createKnex(options.url);
  try {
    await checkConnection(knex, options.url);
    const store = new KnexLinkStore({ knex, schema: options.schema, ownsConnection: true, database: options.database, changeFeed: options.changeFeed });
    if (options.sync !== false) await store.sync(options.links, { onRefused: "warn", ...options.sync });
    return store;
  } catch (error) {
    await knex.destroy();
    throw error;
  }
}
