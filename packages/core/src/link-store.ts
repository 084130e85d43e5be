import type { ChangeRead, PruneChanges, PrunedChanges, StoredChange } from "./change-feed";
import type { SideName } from "./define-link";
import type { LinkRow } from "./link-row";
import type { LinkTable } from "./link-table";
import type { RecordTable } from "./sql-soft-delete";
import type {
  LinkPair,
  NewLink,
  StoredLink,
  LinkFilter,
  DeletionStamp,
  SoftDeleteOptions,
  SoftDeleted,
  LinksAndRecordsDeleted,
  LinksAndRecordsRestored,
  RestoreTarget,
  RecordIds,
  RestoredLinks,
  WrittenLink,
} from "./link-store-values";

export type * from "./link-store-values";

/** Optional abilities, declared by each store and checked once by `RemoteLink`. */
export interface LinkStoreCapabilities {
  /** Calls can join a transaction the host opened (`{ transaction }` option). */
  readonly outerTransaction: boolean;
  /**
   * The store also implements `@modlink/query`'s `JoinReader` as
   * `joinReader`: `LinkQuery` may then read module tables joined with link
   * tables, one statement per hop, for modules whose `sqlSource` names the
   * store's database. Core never reads it. Optional; omitted means false.
   */
  readonly joinReads?: boolean;
  /**
   * The name of the database the store's statements run in, when its
   * transactions implement `softDeleteLinksAndRecords` and
   * `restoreLinksAndRecords`: cascade steps into models whose module
   * declares `sqlSoftDelete` for this database then run as one statement.
   * Optional; omitted means every step calls the module services.
   */
  readonly sqlDatabase?: string;
  /**
   * Every write also records its changed rows in the store's change feed,
   * in the same unit of work (a rollback leaves no entry), and the store
   * implements `readChanges`. Optional; omitted means false.
   */
  readonly changeFeed?: boolean;
}

/**
 * The operations of one atomic unit of work. Every method is set-based: one
 * statement (or one pass) per call, whatever the number of rows.
 */
export interface LinkStoreTransaction {
  /**
   * The store's own transaction object (a knex `Transaction` for SQL stores).
   * Module services receive it so their writes join the same unit.
   */
  readonly handle: unknown;

  /**
   * Makes units of work that touch links of the same records wait for each
   * other until this one ends. `RemoteLink` calls it before it reads or
   * writes the links of those records (create, dismiss and replace: every
   * record of the call, at once; cascades: each level's records and the
   * would-be orphans), so that concurrent units end as some serial order
   * would even when the store's statements each see a fresh snapshot and
   * cannot lock rows another unit is still inserting. A store whose units
   * already run one at a time does nothing. Locks may be coarser than one
   * record (unrelated records may wait for each other), never finer.
   */
  lockRecords(records: readonly RecordIds[]): Promise<void>;

  /**
   * Inserts the pairs; an existing pair keeps its id, is revived if deleted,
   * and gets the given data and a new `updatedAt`. Each pair comes at most
   * once per call (`RemoteLink` merges repeats first).
   * @throws CardinalityError when a unique side would get a second live row.
   */
  upsertLinks(table: LinkTable, links: readonly NewLink[]): Promise<void>;

  /**
   * Optional: `upsertLinks`, returning every pair's row as it is after the
   * write with what the write did to it: `created`, `revived` (was
   * soft-deleted), `updated` (was live, data given) or `unchanged` (was
   * live, no data given). The outcome is exact under concurrency: a pair
   * another unit inserted meanwhile is `updated` or `unchanged`, never
   * `created` twice. `RemoteLink` calls it only inside a transaction
   * (never with `singleWrite`) for `create(..., { returnLinks: true })`;
   * without it, that option fails with `MISSING_CAPABILITY`.
   */
  upsertLinksReturning?(table: LinkTable, links: readonly NewLink[]): Promise<WrittenLink[]>;

  /** Soft-deletes the live rows of these pairs as dismissed; returns how many. */
  dismissLinks(table: LinkTable, pairs: readonly LinkPair[]): Promise<number>;

  /**
   * Optional: `dismissLinks`, returning the rows it dismissed as they are
   * after the write. `RemoteLink` calls it for `dismiss(..., { returnLinks: true })`;
   * without it, that option fails with `MISSING_CAPABILITY`.
   */
  dismissLinksReturning?(table: LinkTable, pairs: readonly LinkPair[]): Promise<StoredLink[]>;

  /**
   * Dismisses the live rows whose `anchorSide` id is in `anchors`, except the
   * pairs in `keep`; returns how many. Used by replace.
   */
  dismissAllBut(table: LinkTable, anchorSide: SideName, anchors: readonly string[], keep: readonly LinkPair[]): Promise<number>;

  /** Rows matching the filter, live only unless `withDeleted`, ordered by id. */
  listLinks(table: LinkTable, filter: LinkFilter): Promise<StoredLink[]>;

  /**
   * Optional: the rows `listLinks` would find, already in the shape `list()`
   * returns: `id`, the two side columns, the extra columns by name, then
   * `created_at`, `updated_at`, `deleted_at` as Dates (or null). A store
   * whose driver reads rows that way hands them over without building each
   * row twice; without it, `list()` shapes what `listLinks` returns.
   */
  listRows?(table: LinkTable, filter: LinkFilter): Promise<LinkRow[]>;

  /**
   * Soft-deletes the live rows whose `side` id is in `ids` on behalf of a
   * cascade, remembering the deletion and the side it came from, and
   * returns how many. With `cascade: true` the partner side may be deleted
   * next: the rows are marked as having deleted their partner too (the
   * exceptions are cleared with `unmarkCascaded`) and come back as `pairs`;
   * with `cascade: false` they are not marked and `pairs` is empty.
   */
  softDeleteLinks(table: LinkTable, side: SideName, ids: readonly string[], stamp: DeletionStamp, options: SoftDeleteOptions): Promise<SoftDeleted>;

  /**
   * Clears the mark of rows that deletion `deletionId` deleted from `side`
   * for `ids` whose partner is one of `partners`: the cascade did not
   * delete those partner records after all.
   */
  unmarkCascaded(table: LinkTable, side: SideName, ids: readonly string[], deletionId: string, partners: readonly string[]): Promise<void>;

  /** Those of `ids` that still have a live row on `side`. */
  idsWithLiveLinks(table: LinkTable, side: SideName, ids: readonly string[]): Promise<string[]>;

  /**
   * Revives rows a cascade deleted from `side` for these targets (never
   * dismissed rows); returns how many, and those marked cascaded (whose
   * partner the cascade deleted too) with their deletion.
   * @throws CardinalityError when a revived row conflicts with a newer live one.
   */
  restoreLinks(table: LinkTable, side: SideName, targets: readonly RestoreTarget[]): Promise<RestoredLinks>;

  /**
   * Optional, with `capabilities.sqlDatabase`: one cascade step in one
   * statement. Soft-deletes the live rows whose `side` id is in `ids` (as
   * `softDeleteLinks` with `cascade: true`), soft-deletes their live
   * partner records in `partner` (stamped with the deletion, see
   * `SqlSoftDelete`), and marks as cascaded exactly the rows whose partner
   * it deleted. (No root of the cascade is a partner here: the first level
   * deleted every live link of the roots, and their locks keep new ones out.)
   */
  softDeleteLinksAndRecords?(
    table: LinkTable,
    side: SideName,
    ids: readonly string[],
    stamp: DeletionStamp,
    partner: RecordTable,
  ): Promise<LinksAndRecordsDeleted>;

  /**
   * Optional, with `capabilities.sqlDatabase`: `restoreLinks` and, for each
   * revived row marked cascaded, the restore of its partner record in
   * `partner` within the row's deletion, in one statement.
   * @throws CardinalityError as `restoreLinks` does.
   */
  restoreLinksAndRecords?(table: LinkTable, side: SideName, targets: readonly RestoreTarget[], partner: RecordTable): Promise<LinksAndRecordsRestored>;
}

/** What `LinkStore.transaction` may rely on about its unit of work. */
export interface TransactionOptions {
  /** The host's own transaction to join instead of opening one. */
  readonly outer?: unknown;
  /** `work` only reads: the store may run it without a transaction, each read seeing committed rows. */
  readonly readOnly?: boolean;
  /**
   * `work` makes exactly one write: one `upsertLinks` call (after
   * `lockRecords`), or one `dismissLinks` call without locks. A store whose
   * write is atomic by itself may run it without a transaction of its own,
   * sparing its round trips. Ignored with `outer`.
   */
  readonly singleWrite?: boolean;
}

/**
 * Where link rows live. One implementation per storage technology
 * (`@modlink/memory`, `@modlink/knex`), each passing `@modlink/conformance`.
 *
 * @example
 * class MyStore implements LinkStore { ... }
 * new RemoteLink({ links, store: new MyStore() })
 */
export interface LinkStore {
  readonly capabilities: LinkStoreCapabilities;

  /**
   * Runs `work` atomically: all of its writes happen or none do, and
   * concurrent units end as some serial order would. With `outer`, joins the
   * caller's own transaction instead of opening one. A store may run `work`
   * again after a serialization failure, so `work` starts from scratch each
   * time it is called.
   */
  transaction<T>(work: (tx: LinkStoreTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;

  /**
   * Optional, with `capabilities.changeFeed`: the feed's changes after
   * `read.after`, in position order. Positions are dense (no gaps ever
   * appear behind a position once it was read: a change still uncommitted
   * gets a later position) and follow commit order for each link row; a
   * change written after another committed gets a greater position.
   * What each write records: one change per row it changed
   * (`ChangeOperation`); `create` of a live row without data, and the
   * bookkeeping of `unmarkCascaded`, record nothing.
   */
  readChanges?(read: ChangeRead): Promise<StoredChange[]>;

  /**
   * Optional, with `capabilities.changeFeed`: the position a named consumer
   * of the feed has processed (null: none yet). Saved cursors register the
   * consumer: `pruneChanges` never removes what it has not processed.
   */
  loadFeedCursor?(consumer: string): Promise<string | null>;

  /** Optional, with `capabilities.changeFeed`: records a consumer's cursor; a cursor never moves back. */
  saveFeedCursor?(consumer: string, position: string): Promise<void>;

  /**
   * Optional, with `capabilities.changeFeed`: removes the changes `options`
   * names, but never one after the least cursor of a registered consumer.
   */
  pruneChanges?(options: PruneChanges): Promise<PrunedChanges>;

  /** Releases what the store opened itself (pools, embedded databases). */
  close(): Promise<void>;
}
