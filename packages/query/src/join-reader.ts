import { LinkStoreError, type LinkStore, type LinkTable, type SideName, type StoredLink } from "@modlink/core";
import type { ConditionOperator, SortDirection } from "./queryable-module";

/**
 * The contract between `LinkQuery` and a link store that can read module
 * tables joined with its link tables, declared by `capabilities.joinReads`.
 * Core plans each read from the modules' `sqlSource`; the store renders every
 * read as ONE statement, binding every value and quoting every identifier
 * (core has validated them as lower-case SQL identifiers already).
 *
 * Meaning shared by every read: a record is live when its `deletedAt` column
 * is null, a link when its `deleted_at` is; without `withDeleted` only live
 * records and live links count. Record keys are compared with link-table ids
 * as text (`t.pk::text = l.product_id`).
 */

/** A module's table, as its `sqlSource` declares it. */
export interface JoinTable {
  /** Undefined: the connection's search_path, as in the module's own queries. */
  readonly schema: string | undefined;
  readonly table: string;
  /** Column of the primary key. */
  readonly primaryKey: string;
  /** Column marking a record soft-deleted when not null; undefined: records are never soft-deleted. */
  readonly deletedAt: string | undefined;
}

/** A column read into a record under the name of its field. */
export interface JoinColumn {
  readonly field: string;
  readonly column: string;
}

/** How the records of one table lead to those of the next. */
export type JoinStep =
  | {
      /** Through a link table: `link.<fromSide column>` holds the near key, `link.<toSide column>` the far one. */
      readonly kind: "link";
      readonly link: LinkTable;
      readonly fromSide: SideName;
      readonly toSide: SideName;
      readonly to: JoinTable;
    }
  | {
      /** A stored key: `to.<toColumn> = near.<fromColumn>`, no link table. */
      readonly kind: "read-only";
      readonly fromColumn: string;
      readonly toColumn: string;
      readonly to: JoinTable;
    };

/** A `FieldCondition` on a column; same operators, same meaning. */
export interface ColumnCondition {
  readonly column: string;
  readonly op: ConditionOperator;
  readonly value: unknown;
}

/** Conditions on a table's own columns, and steps some reached record of which must match in turn (`exists`). */
export interface JoinFilter {
  readonly conditions: readonly ColumnCondition[];
  readonly some: readonly { readonly step: JoinStep; readonly filter: JoinFilter }[];
}

/**
 * A root sort key: a column of the root (empty `path`) or of the record each
 * "one" step picks: a live link before a deleted one, then the most recently
 * updated link, then the lowest link id; for read-only steps the lowest
 * primary key. No record: null. Nulls sort last ascending, first descending.
 */
export interface JoinSortKey {
  readonly path: readonly JoinStep[];
  readonly column: string;
  readonly direction: SortDirection;
}

/** The records `step` reaches from the parents with these primary keys, with the link rows. */
export interface HopRead {
  readonly from: JoinTable;
  readonly parentKeys: readonly string[];
  readonly step: JoinStep;
  /** Always includes the target's primary key. */
  readonly columns: readonly JoinColumn[];
  readonly withDeleted: boolean;
  /**
   * The most rows to return: the caller fails when it gets this many, so
   * which rows are cut does not matter. Undefined: no limit.
   */
  readonly limit?: number;
}

/** One (parent, record) pair of a hop. */
export interface HopRow {
  /** The parent's primary key as text. */
  readonly parentKey: string;
  /** The target's columns by field name, values as the driver returns them. */
  readonly record: Readonly<Record<string, unknown>>;
  /** The link row, as `listLinks` returns it; undefined for read-only steps. */
  readonly link: StoredLink | undefined;
}

/** One page of root records: filtered, sorted, then `skip`/`take`. */
export interface PageRead {
  readonly root: JoinTable;
  readonly columns: readonly JoinColumn[];
  readonly filter: JoinFilter;
  /** Ends with the root's primary key. */
  readonly order: readonly JoinSortKey[];
  readonly skip: number;
  readonly take: number | undefined;
  readonly withDeleted: boolean;
}

export interface JoinedPage {
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  /** Root records matching the filter, before paging. */
  readonly count: number;
}

/**
 * Runs the joined reads of `LinkQuery`, outside any transaction (each read is
 * one statement). `readHop` rows come ordered by link id, or for read-only
 * steps by the target's primary key, so ties resolve as on the general path.
 *
 * @example
 * class MyStore implements JoinReadingStore {
 *   readonly capabilities = { outerTransaction: true, joinReads: true }
 *   readonly joinReader: JoinReader = { database: "main", readHop, readPage }
 * }
 */
export interface JoinReader {
  /** Names the database; modules whose `sqlSource.database` equals it are joined here. */
  readonly database: string;
  readHop(read: HopRead): Promise<HopRow[]>;
  readPage(read: PageRead): Promise<JoinedPage>;
}

/**
 * A link store that reads joins for `LinkQuery`: the capability core's store
 * contract only names (`capabilities.joinReads`), so core never depends on
 * the query planner.
 */
export interface JoinReadingStore extends LinkStore {
  readonly joinReader: JoinReader;
}

/** The store's join reader when it declares `joinReads`; an error naming what is missing when it declares it without one. */
export function joinReaderOf(store: LinkStore | undefined): JoinReader | undefined {
  if (store?.capabilities?.joinReads !== true) return undefined;
  const reader = (store as Partial<JoinReadingStore>).joinReader;
  if (!reader || typeof reader.database !== "string" || typeof reader.readHop !== "function" || typeof reader.readPage !== "function") {
    throw new LinkStoreError(
      "MISSING_CAPABILITY",
      "The link store declares capabilities.joinReads but has no `joinReader` { database, readHop, readPage }. Give it one, or leave joinReads false.",
    );
  }
  return reader;
}
