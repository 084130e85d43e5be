import type { SideName } from "./define-link";

/*
 * The values the store contract passes and returns: pairs, rows, filters,
 * deletion stamps and what each write did. The interfaces are in link-store.ts.
 */

/** Two record ids joined by one link table. */
export interface LinkPair {
  readonly left: string;
  readonly right: string;
}

/** A link to create, or to revive if the pair exists soft-deleted. */
export interface NewLink extends LinkPair {
  /** Extra-column values, already validated against the table's columns. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** A row of a link table as stores return it. */
export interface StoredLink extends LinkPair {
  readonly id: string;
  /** Every extra column of the table, null where unset. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly deletedAt: Date | null;
}

/** What a create did to one pair's row (see `WrittenLink`). */
export type WriteOutcome = "created" | "revived" | "updated" | "unchanged";

/** A pair's row after `upsertLinksReturning`, and what the call did to it. */
export interface WrittenLink extends StoredLink {
  readonly outcome: WriteOutcome;
}

/**
 * What a store keeps of each row beyond `StoredLink` so that `restore`
 * undoes exactly one deletion. `RemoteLink` never reads it: stores use it
 * inside `softDeleteLinks`, `unmarkCascaded` and `restoreLinks`, and
 * `@modlink/conformance` checks it behind the store's back. SQL stores keep
 * it in the columns `deletion_id`, `deleted_from` and `cascaded`.
 */
export interface LinkBookkeeping {
  /** The `delete` call whose cascade soft-deleted the row; null while live and once dismissed. */
  readonly deletionId: string | null;
  /** The side whose record that cascade came from; null with `deletionId`. */
  readonly deletedFrom: SideName | null;
  /** The same cascade soft-deleted the partner record too, so restoring the row restores the partner. */
  readonly cascaded: boolean;
}

/** Everything a store holds of one link row: what conformance suites compare. */
export interface LinkRowState extends StoredLink, LinkBookkeeping {}

/**
 * Which rows to list. Given constraints combine with AND; an omitted one does
 * not constrain. `pairs` matches exact (left, right) pairs.
 */
export interface LinkFilter {
  readonly left?: readonly string[];
  readonly right?: readonly string[];
  readonly pairs?: readonly LinkPair[];
  readonly withDeleted?: boolean;
  /**
   * The most rows to return, any of them: readers that pass it fail when they
   * get this many, so it only bounds the work. Undefined: every matching row.
   */
  readonly limit?: number;
  /**
   * Only rows whose id sorts after this one, comparing code units (in SQL:
   * `collate "C"`). `list` pages with it and `limit`, so rows come ordered
   * by id in that same order.
   */
  readonly after?: string;
}

/** Marks rows soft-deleted by one cascade, so restore can undo exactly it. */
export interface DeletionStamp {
  /** Unique per `delete` call. */
  readonly deletionId: string;
  readonly at: Date;
}

/** How `softDeleteLinks` treats the rows' partners. */
export interface SoftDeleteOptions {
  /** The partner side cascades: mark the rows and return their pairs. */
  readonly cascade: boolean;
}

/** What `softDeleteLinks` did. */
export interface SoftDeleted {
  readonly count: number;
  /** The rows deleted, when `cascade` was asked for; otherwise empty. */
  readonly pairs: readonly LinkPair[];
}

/** What `softDeleteLinksAndRecords` did. */
export interface LinksAndRecordsDeleted {
  /** Link rows deleted. */
  readonly count: number;
  /** Partner records deleted, each once. */
  readonly deleted: readonly string[];
}

/** A record `restoreLinksAndRecords` revived, and the deletion that had removed it. */
export interface RevivedRecord {
  readonly id: string;
  readonly deletionId: string;
}

/** What `restoreLinksAndRecords` did. */
export interface LinksAndRecordsRestored {
  /** Link rows revived. */
  readonly count: number;
  /** Partner records restored, each once. */
  readonly restored: readonly RevivedRecord[];
}

/** A record to restore links from, within one deletion or (null) any deletion. */
export interface RestoreTarget {
  readonly id: string;
  readonly deletionId: string | null;
}

/** Records of one module key, by id: what `lockRecords` locks. */
export interface RecordIds {
  readonly module: string;
  readonly key: string;
  /** Omitted: every record of the key (a call too large to name its records). */
  readonly ids?: readonly string[];
  /**
   * Units that share a record may hold it at once; they wait only for one
   * holding it exclusively (the default). Creates share the records of a
   * side that may have many partners: such creates cannot conflict.
   */
  readonly shared?: boolean;
}

/** A link row `restoreLinks` revived whose deletion had also soft-deleted its partner record (the side not restored from). */
export interface RestoredLink extends LinkPair {
  readonly deletionId: string;
}

/** What `restoreLinks` did. */
export interface RestoredLinks {
  /** Rows revived. */
  readonly count: number;
  /** The revived rows that were marked cascaded, with the deletion that had removed them; usually few. */
  readonly cascaded: readonly RestoredLink[];
}
