import type { LinkTable } from "./link-table";

/**
 * What happened to one link row, as the change feed tells it:
 * - `created`: a new row; `revived`: a dismissed or cascade-deleted row
 *   brought back by `create`; `updated`: `create` of a live row with data;
 * - `dismissed`: by `dismiss` or `replace`;
 * - `deleted` / `restored`: by a cascade of `delete` / `restore`, with its
 *   deletion id.
 */
export const ChangeOperations = ["created", "revived", "updated", "dismissed", "deleted", "restored"] as const;
export type ChangeOperation = (typeof ChangeOperations)[number];

/** The most changes one read of the feed returns. */
export const MAX_CHANGES_PER_READ = 10_000;

/** One entry of a store's change feed: one changed link row. */
export interface StoredChange {
  /**
   * A decimal integer, 1 for the first change, each next one greater by
   * exactly 1 in the order the feed gives them, never reused: the cursor to
   * resume after, and a consumer's idempotency key.
   */
  readonly position: string;
  /** The link table's name. */
  readonly table: string;
  readonly operation: ChangeOperation;
  /** The link row's id. */
  readonly linkId: string;
  readonly left: string;
  readonly right: string;
  /**
   * Extra-column values, decoded as `list()` returns them: every extra
   * column for `created`; the columns the call gave for `revived` and
   * `updated`; null otherwise.
   */
  readonly data: Readonly<Record<string, unknown>> | null;
  /** The cascade's deletion for `deleted` and `restored`; null otherwise. */
  readonly deletionId: string | null;
  /** When the change was written (the writing transaction's clock). */
  readonly at: Date;
}

/** One read of the feed. */
export interface ChangeRead {
  /** Changes after this position; null: from the start. */
  readonly after: string | null;
  /** At most this many, from 1 to `MAX_CHANGES_PER_READ`. */
  readonly limit: number;
  /** Only changes of these link tables, whose columns also decode `data`. */
  readonly tables: readonly LinkTable[];
}

/** What `pruneChanges` may remove: changes at or before a position, or older than a time, or both (then both must hold). */
export interface PruneChanges {
  /** Remove changes up to and including this position. */
  readonly through?: string;
  /** Remove changes written before this time. */
  readonly before?: Date;
}

/** What `pruneChanges` did. */
export interface PrunedChanges {
  readonly pruned: number;
  /** The least cursor of a registered consumer, which bounded the prune; null without consumers. */
  readonly heldBy: { readonly consumer: string; readonly position: string } | null;
}
