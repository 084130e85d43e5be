import {
  type ChangeRead,
  type PruneChanges,
  type PrunedChanges,
  type LinkStore,
  type LinkStoreCapabilities,
  type LinkStoreTransaction,
  type LinkTable,
  type StoredChange,
  LinkStoreError,
} from "@modlink/core";
import type { LinkRowState } from "@modlink/core/store";
import { MemoryChangeFeed, NO_FEED } from "./memory-changes";
import { type MemoryTable, cloneTables } from "./memory-rows";
import { MemoryTransaction } from "./memory-transaction";

/** Options of `MemoryLinkStore`. */
export interface MemoryLinkStoreConfig {
  /** Record every change of a link row in a feed that `remoteLink.changes()` reads. Default false. */
  readonly changeFeed?: boolean;
}

/**
 * A `LinkStore` in process memory: the executable specification of link
 * semantics, for tests and examples. Units of work run one at a time on a
 * copy of the tables, which replaces the tables only if the work succeeds.
 *
 * @example
 * const remoteLink = new RemoteLink({ links, store: new MemoryLinkStore({ changeFeed: true }) })
 * await remoteLink.create({ product: { product_id: "p1" }, brand: { brand_id: "b1" } })
 * const { changes, cursor } = await remoteLink.changes() // one "created" change
 */
export class MemoryLinkStore implements LinkStore {
  readonly capabilities: LinkStoreCapabilities;
  readonly #feed: MemoryChangeFeed | undefined;
  #tables = new Map<string, MemoryTable>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(config: MemoryLinkStoreConfig = {}) {
    const changeFeed = config.changeFeed === true;
    this.capabilities = Object.freeze({ outerTransaction: false, changeFeed });
    this.#feed = changeFeed ? new MemoryChangeFeed() : undefined;
  }

  transaction<T>(work: (tx: LinkStoreTransaction) => Promise<T>, options: { readonly outer?: unknown } = {}): Promise<T> {
    if (options.outer !== undefined) {
      return Promise.reject(new LinkStoreError("MISSING_CAPABILITY", "MemoryLinkStore cannot join a host transaction."));
    }
    const run = this.#queue.then(async () => {
      const draft = cloneTables(this.#tables);
      const changes = this.#feed?.draft() ?? NO_FEED;
      const result = await work(new MemoryTransaction(draft, changes));
      this.#tables = draft;
      changes.commit();
      return result;
    });
    // Later units wait for this one whether it succeeds or fails.
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The committed changes after `read.after`, when the store was made with `changeFeed: true`. */
  async readChanges(read: ChangeRead): Promise<StoredChange[]> {
    return this.#requireFeed().read(read);
  }

  async loadFeedCursor(consumer: string): Promise<string | null> {
    return this.#requireFeed().loadCursor(consumer);
  }

  async saveFeedCursor(consumer: string, position: string): Promise<void> {
    this.#requireFeed().saveCursor(consumer, position);
  }

  async pruneChanges(options: PruneChanges): Promise<PrunedChanges> {
    return this.#requireFeed().prune(options);
  }

  #requireFeed(): MemoryChangeFeed {
    if (!this.#feed) {
      throw new LinkStoreError("MISSING_CAPABILITY", "This MemoryLinkStore keeps no change feed; make it with new MemoryLinkStore({ changeFeed: true }).");
    }
    return this.#feed;
  }

  /** Every row of one table with its bookkeeping, as `@modlink/conformance` reads it behind the store's back. */
  storedRows(table: LinkTable): LinkRowState[] {
    return [...(this.#tables.get(table.name)?.values() ?? [])].map((row) => ({ ...row, data: { ...row.data } }));
  }

  /** Raw rows of one table with SQL-style column names, for oracles that read memory and SQL stores alike. */
  rawRows(table: LinkTable): Record<string, unknown>[] {
    return [...(this.#tables.get(table.name)?.values() ?? [])].map((row) => ({
      id: row.id,
      [table.left.column]: row.left,
      [table.right.column]: row.right,
      ...row.data,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      deleted_at: row.deletedAt,
      deletion_id: row.deletionId,
      deleted_from: row.deletedFrom,
      cascaded: row.cascaded,
    }));
  }

  async close(): Promise<void> {
    this.#tables = new Map();
  }
}
