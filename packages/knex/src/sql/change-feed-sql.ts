import { type ChangeOperation, type ExtraColumnType, RESERVED_TABLE_PREFIX } from "@modlink/core";
import { qualifiedName } from "./sql-names";
import type { ExtraColumnSql, TableSql } from "./table-sql";

/** The outbox: one row per changed link row, written by the statement that changed it. */
export const CHANGES_TABLE = `${RESERVED_TABLE_PREFIX}changes`;
/** One row holding the last position given out, which serializes the sequencer. */
export const CHANGE_HEAD_TABLE = `${RESERVED_TABLE_PREFIX}change_head`;
/** The feed's consumers and the position each has processed; prunes never pass the least. */
export const FEED_CONSUMERS_TABLE = `${RESERVED_TABLE_PREFIX}feed_consumers`;
/** Every table of the change feed, as `syncLinkTables(..., { changeFeed: true })` creates them. */
export const CHANGE_FEED_TABLES = [CHANGES_TABLE, CHANGE_HEAD_TABLE, FEED_CONSUMERS_TABLE] as const;

/**
 * The feed's tables. `seq` orders entries as they were written; `position`
 * is given later, to committed entries only, by `sequenceChanges`. `seq` is
 * a plain sequence with the default cache of 1, so its values follow the
 * order in which statements asked for them, across sessions.
 */
export function changeFeedDdl(schema: string): string[] {
  const changes = qualifiedName(schema, CHANGES_TABLE);
  const head = qualifiedName(schema, CHANGE_HEAD_TABLE);
  return [
    `create table if not exists ${changes} (` +
      `"seq" bigserial primary key, "position" bigint, "link_table" text not null, "operation" text not null, ` +
      `"link_id" text not null, "left_id" text not null, "right_id" text not null, "data" jsonb, "deletion_id" text, ` +
      `"at" timestamptz not null default now())`,
    `create unique index if not exists "${CHANGES_TABLE}_position" on ${changes} ("position")`,
    `create index if not exists "${CHANGES_TABLE}_unsequenced" on ${changes} ("seq") where "position" is null`,
    `create table if not exists ${head} ("id" integer primary key check ("id" = 1), "last" bigint not null)`,
    `insert into ${head} ("id", "last") values (1, 0) on conflict ("id") do nothing`,
    `create table if not exists ${qualifiedName(schema, FEED_CONSUMERS_TABLE)} ` +
      `("name" text primary key, "position" bigint not null, "updated_at" timestamptz not null default now())`,
  ];
}

/** The columns a CTE feeding `feedCte` returns: the link row's `id`, `left`, `right`, and what `feedCte` is told to read. */
export interface FeedSource {
  /** The CTE's name, quoted. */
  readonly name: string;
  /** The operation: a constant, or an SQL expression over the source's columns giving one. */
  readonly operation: ChangeOperation | { readonly sql: string };
  /** An expression over the source giving the deletion id; omitted: null. */
  readonly deletionId?: string;
  /** An expression over the source giving `data` as jsonb; omitted: null. */
  readonly data?: string;
  /** Only source rows meeting this condition are changes; omitted: all. */
  readonly where?: string;
}

/**
 * A data-modifying CTE (`"feed" as (insert ...)`) recording one change per
 * row of `source`, in the statement that changed the rows: a rollback takes
 * it back with them. Every name in it is ours or validated, so the link
 * table's name is written as a literal.
 */
export function feedCte(schema: string, link: TableSql, source: FeedSource): string {
  const operation = typeof source.operation === "string" ? `'${source.operation}'` : source.operation.sql;
  return (
    `"feed" as (insert into ${qualifiedName(schema, CHANGES_TABLE)} ` +
    `("link_table", "operation", "link_id", "left_id", "right_id", "data", "deletion_id") ` +
    `select '${link.table.name}', ${operation}, s."id", s."left", s."right", ${source.data ?? "null::jsonb"}, ${source.deletionId ?? "null"} ` +
    `from ${source.name} as s${source.where === undefined ? "" : ` where ${source.where}`})`
  );
}

/**
 * The jsonb object of `columns` of the row at hand (a RETURNING list), each value
 * in a form `decodeValue` reads back exactly: bigint and float as text
 * (jsonb would round a bigint past 2^53 in JavaScript, and drop the sign of
 * -0), timestamps as ISO text, the rest as themselves.
 */
export function dataJson(columns: readonly ExtraColumnSql[]): string {
  if (columns.length === 0) return `'{}'::jsonb`;
  const objects: string[] = [];
  // A function takes at most 100 arguments: 50 columns per object, the objects concatenated.
  for (let start = 0; start < columns.length; start += 50) {
    const pairs = columns.slice(start, start + 50).map((column) => `'${column.name}', ${jsonValue(column.type, column.quoted)}`);
    objects.push(`jsonb_build_object(${pairs.join(", ")})`);
  }
  return objects.join(" || ");
}

function jsonValue(type: ExtraColumnType, column: string): string {
  return type === "bigint" || type === "float" ? `${column}::text` : column;
}
