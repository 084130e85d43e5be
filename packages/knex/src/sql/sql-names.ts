import { LinkStoreError, type LinkTable, type SideName } from "@modlink/core";
import { isValidIdentifier, shortenIdentifier } from "@modlink/core/store";

/**
 * Quotes a generated or user-defined identifier after checking it, so no name
 * reaches SQL unvalidated even when a `LinkTable` was built by hand.
 */
export function quoteIdentifier(name: string): string {
  if (!isValidIdentifier(name)) {
    throw new LinkStoreError(
      "STORE_FAILURE",
      `${JSON.stringify(name)} is not a usable SQL identifier. Use lower-case letters, digits and underscores, at most 63 bytes.`,
    );
  }
  return `"${name}"`;
}

/** `"schema"."table"`. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}

/**
 * Quotes a name modlink did not make and cannot restrict (a table found in
 * the catalog, a module table named in a config, which may hold capitals or
 * quotes), doubling its quotes. Names modlink generates go through
 * `quoteIdentifier`, which refuses what it would not create.
 *
 * @example escapeIdentifier('my"Table') // '"my""Table"'
 */
export function escapeIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"` for names from the catalog or a config (see `escapeIdentifier`). */
export function escapedQualifiedName(schema: string, table: string): string {
  return `${escapeIdentifier(schema)}.${escapeIdentifier(table)}`;
}

/** The indexes every link table has, by role; names fit PostgreSQL's 63 bytes. */
export interface LinkIndexNames {
  /** Full unique index on (left, right): one row per pair, forever. */
  readonly pair: string;
  /** Partial unique index on the left column over live rows (only if left is unique). */
  readonly leftLive: string;
  /** Partial unique index on the right column over live rows (only if right is unique). */
  readonly rightLive: string;
  /** Lookup index on the right column (left lookups use the pair index). */
  readonly rightLookup: string;
  /** Partial index on deletion_id, for restore. */
  readonly deletion: string;
}

export function linkIndexNames(table: LinkTable): LinkIndexNames {
  const name = (suffix: string) => shortenIdentifier(`${table.name}_${suffix}`);
  return Object.freeze({
    pair: name("pair_key"),
    leftLive: name(`${table.left.column}_live_key`),
    rightLive: name(`${table.right.column}_live_key`),
    rightLookup: name(`${table.right.column}_idx`),
    deletion: name("deletion_id_idx"),
  });
}

/** The side whose cardinality index `indexName` is, if it is one. */
export function sideOfLiveIndex(table: LinkTable, indexName: string): SideName | undefined {
  const names = linkIndexNames(table);
  if (indexName === names.leftLive) return "left";
  if (indexName === names.rightLive) return "right";
  return undefined;
}
