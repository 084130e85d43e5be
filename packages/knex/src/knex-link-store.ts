import {
  LinkDefinitionError,
  LinkError,
  LinkInputError,
  LinkStoreError,
  type AnyLinkDefinition,
  type ChangeRead,
  type LinkStore,
  type LinkStoreCapabilities,
  type LinkStoreTransaction,
  type PruneChanges,
  type PrunedChanges,
  type StoredChange,
  type TransactionOptions,
} from "@modlink/core";
import { isValidIdentifier } from "@modlink/core/store";
import type { JoinReader } from "@modlink/query";
import type { Knex } from "knex";
import { connectionLabel } from "./driver/connection-label";
import { KnexJoinReader } from "./sql/knex-join-reader";
import { KnexLinkTransaction } from "./sql/knex-link-transaction";
import { type SyncOptions, type SyncPlan, syncLinkTables } from "./introspection/sync-link-tables";
import { MAX_ATTEMPTS, isSerializationFailure, retryPause } from "./driver/serialization-retry";
import { checkedConsumer, checkedPosition } from "./sql/feed-names";
import { loadFeedCursor, pruneChanges, saveFeedCursor } from "./sql/feed-cursors";
import { readFeed } from "./sql/read-feed";
import { toLinkError } from "./sql/store-errors";

/** How a `KnexLinkStore` reaches its database. */
export interface KnexLinkStoreConfig {
  /** A knex instance with the `pg` client or `knex-pglite`. */
  readonly knex: Knex;
  /** Schema of the link tables. Default `"public"`. */
  readonly schema?: string;
  /** `close()` destroys `knex`. Default false: an injected knex belongs to the caller. */
  readonly ownsConnection?: boolean;
  /**
   * A name for this database. Modules whose `sqlSource.database` repeats it
   * have their tables joined with the link tables by `LinkQuery`, one
   * statement per hop; modules whose `sqlSoftDelete.database` repeats it
   * have each cascade step into their tables run as one statement with the
   * link rows. Omitted: neither.
   */
  readonly database?: string;
  /**
   * Every write also records its changed link rows in the schema's change
   * feed (appended to `modlink_change_inbox`), in the same statement, and `readChanges` reads
   * them (`remoteLink.changes()`). `sync` creates the feed's tables.
   * Default false.
   */
  readonly changeFeed?: boolean;
}

/**
 * The modlink `LinkStore` for PostgreSQL and PGlite, through knex. One SQL
 * code path serves both; link tables are made by `sync`.
 *
 * @example
 * const store = new KnexLinkStore({ knex })
 * await store.sync([productBrand])
 * const remoteLink = new RemoteLink({ links: [productBrand], store })
 */
export class KnexLinkStore implements LinkStore {
  readonly capabilities: LinkStoreCapabilities;
  /** Set when configured with a `database` name. */
  readonly joinReader: JoinReader | undefined;
  readonly #knex: Knex;
  readonly #schema: string;
  readonly #ownsConnection: boolean;
  /** The database's name in error messages; settings do not change, and building it parses a URL. */
  readonly #connection: string;
  #retries = 0;
  readonly #changeFeed: boolean;

  constructor(config: KnexLinkStoreConfig) {
    this.#knex = config.knex;
    this.#schema = config.schema ?? "public";
    this.#ownsConnection = config.ownsConnection ?? false;
    this.#connection = connectionLabel(this.#knex);
    // The caller's configuration: a mistake here is theirs to fix, not a store failure.
    if (!isValidIdentifier(this.#schema)) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `KnexLinkStore's \`schema\` is ${JSON.stringify(this.#schema)}; use lower-case letters, digits and underscores (at most 63 bytes).`,
      );
    }
    const database = config.database;
    if (database !== undefined && (typeof database !== "string" || database.length === 0)) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        "KnexLinkStore's `database` must be a non-empty name, the one modules repeat in sqlSource.database and sqlSoftDelete.database.",
      );
    }
    if (config.changeFeed !== undefined && typeof config.changeFeed !== "boolean") {
      throw new LinkDefinitionError("INVALID_DEFINITION", "KnexLinkStore's `changeFeed` must be true or false.");
    }
    this.#changeFeed = config.changeFeed === true;
    this.capabilities = Object.freeze({ outerTransaction: true, joinReads: database !== undefined, sqlDatabase: database, changeFeed: this.#changeFeed });
    this.joinReader = database === undefined ? undefined : new KnexJoinReader(this.#knex, this.#schema, database, this.#connection);
  }

  /** The knex instance, for the host's own queries against the same database. */
  get knex(): Knex {
    return this.#knex;
  }

  get schema(): string {
    return this.#schema;
  }

  /**
   * Runs `work` in one read-committed transaction. Concurrent calls end as
   * some serial order would without serialization failures: upserts use
   * `on conflict` on the pair, the "one" sides' partial unique indexes decide
   * cardinality with exactly one winner, and decisions that depend on rows
   * another transaction may be writing take advisory locks in a fixed order
   * (see `lockSideIds`). What remains is a rare deadlock between overlapping
   * cascades, which PostgreSQL breaks by failing one: that one runs `work`
   * again, up to MAX_ATTEMPTS times with a jittered pause, counted in
   * `retries`. With `outer` (a knex transaction of the host) it runs in a
   * savepoint of it, once: the host chose the isolation and decides the
   * commit; our failure rolls back only our part.
   */
  async transaction<T>(work: (tx: LinkStoreTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const outer = options?.outer;
    if (outer !== undefined && !isKnexTransaction(outer)) {
      // The caller's mistake, found before anything is written.
      throw new LinkInputError(
        "INVALID_INPUT",
        "The transaction option of a KnexLinkStore call must be a knex transaction (the trx of knex.transaction(async (trx) => ...)) that is still open.",
        outer,
      );
    }
    if (outer !== undefined) return this.#attempt(outer, work, undefined);
    // One read needs no BEGIN/COMMIT round trips: each statement sees committed rows.
    if (options?.readOnly) return this.#readWithoutTransaction(work);
    for (let attempt = 1; ; attempt++) {
      try {
        if (options?.singleWrite) return await this.#singleWrite(work);
        return await this.#attempt(this.#knex, work, { isolationLevel: "read committed" });
      } catch (error) {
        if (!isSerializationFailure(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw attemptsExhausted(attempt, error);
        this.#retries++;
        await retryPause(attempt);
      }
    }
  }

  /** Units of work run again after a deadlock or serialization failure since the store opened. */
  get retries(): number {
    return this.#retries;
  }

  async #readWithoutTransaction<T>(work: (tx: LinkStoreTransaction) => Promise<T>): Promise<T> {
    const connection = this.#connection;
    try {
      return await work(new KnexLinkTransaction(this.#knex, this.#schema, connection));
    } catch (error) {
      throw toLinkError(error, { connection });
    }
  }

  /**
   * A unit of work that is one write (an upsert with its locks, or a
   * dismiss without any), without BEGIN/COMMIT: its single statement is
   * atomic by itself and runs at read committed in autocommit; an upsert of
   * several statements opens its own transaction (see
   * `KnexLinkTransaction.upsertLinks`).
   */
  async #singleWrite<T>(work: (tx: LinkStoreTransaction) => Promise<T>): Promise<T> {
    const connection = this.#connection;
    const tx = new KnexLinkTransaction(this.#knex, this.#schema, connection, "single-write", { changeFeed: this.#changeFeed });
    const result = await work(tx);
    await tx.takeOwedLocks();
    return result;
  }

  async #attempt<T>(on: Knex | Knex.Transaction, work: (tx: LinkStoreTransaction) => Promise<T>, config: Knex.TransactionConfig | undefined): Promise<T> {
    const connection = this.#connection;
    // The work's own error is the one to report: when the connection died,
    // knex's failed ROLLBACK would otherwise replace it.
    let workError: { error: unknown } | undefined;
    const run = async (trx: Knex.Transaction): Promise<T> => {
      try {
        const tx = new KnexLinkTransaction(trx, this.#schema, connection, "transaction", { changeFeed: this.#changeFeed });
        const result = await work(tx);
        await tx.takeOwedLocks();
        return result;
      } catch (error) {
        workError = { error };
        throw error;
      }
    };
    try {
      return await on.transaction(run, config);
    } catch (error) {
      const cause = workError ? workError.error : error;
      // Errors of `work` are typed already, unless they are the host's own.
      return Promise.reject(workError && !(cause instanceof LinkError) && !isDriverError(cause) ? cause : toLinkError(cause, { connection }));
    }
  }

  /**
   * Brings the link tables in line with `links`; see `syncLinkTables`.
   * @example const plan = await store.sync(links, { dryRun: true })
   */
  sync(links: readonly AnyLinkDefinition[], options: Omit<SyncOptions, "schema" | "changeFeed"> = {}): Promise<SyncPlan> {
    return syncLinkTables(this.#knex, links, { ...options, schema: this.#schema, changeFeed: this.#changeFeed });
  }

  /**
   * `LinkStore.readChanges`, for `remoteLink.changes()`: numbers what
   * committed since the last read (see `sequenceChanges`), then reads.
   */
  readChanges(read: ChangeRead): Promise<StoredChange[]> {
    return this.#feedCall(() => readFeed(this.#knex, this.#schema, read));
  }

  /** `LinkStore.loadFeedCursor`: the position `consumer` has processed, null before its first save. */
  loadFeedCursor(consumer: string): Promise<string | null> {
    return this.#feedCall(() => loadFeedCursor(this.#knex, this.#schema, checkedConsumer(consumer)));
  }

  /** `LinkStore.saveFeedCursor`: registers `consumer` at `position`; a cursor never moves back. */
  saveFeedCursor(consumer: string, position: string): Promise<void> {
    return this.#feedCall(() => saveFeedCursor(this.#knex, this.#schema, checkedConsumer(consumer), checkedPosition(position, "position")));
  }

  /**
   * `LinkStore.pruneChanges`: deletes the changes at or before `through`
   * and/or written before `before`, never one a registered consumer has not
   * processed. At least one of the two is required.
   * @example await store.pruneChanges({ before: new Date(Date.now() - 7 * 86_400_000) })
   */
  pruneChanges(options: PruneChanges): Promise<PrunedChanges> {
    return this.#feedCall(() => {
      const { through, before } = options ?? {};
      if (through === undefined && before === undefined) {
        throw new LinkInputError("INVALID_INPUT", "pruneChanges needs through (a position) or before (a Date), or both.", options);
      }
      if (before !== undefined && (!(before instanceof Date) || Number.isNaN(before.getTime()))) {
        throw new LinkInputError("INVALID_INPUT", "pruneChanges' before must be a valid Date.", before);
      }
      return pruneChanges(this.#knex, this.#schema, { through: through === undefined ? undefined : checkedPosition(through, "through"), before });
    });
  }

  async #feedCall<T>(work: () => Promise<T>): Promise<T> {
    if (!this.#changeFeed) throw new LinkStoreError("MISSING_CAPABILITY", "This KnexLinkStore keeps no change feed; make it with changeFeed: true.");
    try {
      return await work();
    } catch (error) {
      throw error instanceof LinkError ? error : toLinkError(error, { connection: this.#connection });
    }
  }

  /** Destroys the knex instance if the store created it; an injected one is left open. */
  async close(): Promise<void> {
    if (this.#ownsConnection) await this.#knex.destroy();
  }
}

function attemptsExhausted(attempts: number, error: unknown): LinkStoreError {
  const reason = error instanceof Error ? error.message : String(error);
  return new LinkStoreError(
    "TRANSACTION_CONFLICT",
    `Gave up after ${attempts} attempts, each rolled back by PostgreSQL as a deadlock or serialization failure (last: ${reason}). ` +
      `Nothing of this call was committed. Concurrent calls keep colliding on the same records: run it again, or send fewer overlapping calls at once.`,
    { cause: error },
  );
}

function isKnexTransaction(value: unknown): value is Knex.Transaction {
  const candidate = value as Partial<Knex.Transaction> | null;
  return (
    typeof value === "function" && candidate?.isTransaction === true && typeof candidate.transaction === "function" && !(candidate.isCompleted?.() ?? false)
  );
}

/** A database driver's error (pg's or PGlite's): it carries a SQLSTATE code. */
function isDriverError(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === "string";
}
