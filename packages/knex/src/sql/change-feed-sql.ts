import { type ChangeOperation, type ExtraColumnType, RESERVED_TABLE_PREFIX } from "@modlink/core";
import { qualifiedName } from "./sql-names";
import type { ExtraColumnSql, TableSql } from "./table-sql";

/**
 * The outbox: one row per changed link row, written by the statement that
 * changed it. No index and no per-row sequence value: a writer pays for
 * one heap row per change and nothing else (see `feedCte`).
 */
export const CHANGE_INBOX_TABLE = `${RESERVED_TABLE_PREFIX}change_inbox`;
/** Orders the statements that write the inbox; one value per statement. */
export const CHANGE_STATEMENT_SEQUENCE = `${RESERVED_TABLE_PREFIX}change_statements`;
/** The feed as read: committed changes moved out of the inbox, each with its position. */
export const CHANGES_TABLE = `${RESERVED_TABLE_PREFIX}changes`;
/** One row holding the last position given out, which serializes the sequencer. */
export const CHANGE_HEAD_TABLE = `${RESERVED_TABLE_PREFIX}change_head`;
/** The feed's consumers and the position each has processed; prunes never pass the least. */
export const FEED_CONSUMERS_TABLE = `${RESERVED_TABLE_PREFIX}feed_consumers`;
/** Every table of the change feed, as `syncLinkTables(..., { changeFeed: true })` creates them. */
export const CHANGE_FEED_TABLES = [CHANGES_TABLE, CHANGE_INBOX_TABLE, CHANGE_HEAD_TABLE, FEED_CONSUMERS_TABLE] as const;

/** The change's columns that the inbox and the feed share, in this order. */
const CHANGE_COLUMNS =
  `"link_table" text not null, "operation" text not null, "link_id" text not null, "left_id" text not null, "right_id" text not null, ` +
  `"data" jsonb, "deletion_id" text, "at" timestamptz not null default now()`;

/**
 * The feed's tables. Writers append to the inbox, tagging each row with
 * their statement's number (`statement`, from a plain sequence with the
 * default cache of 1, so numbers follow the order in which statements
 * asked for them, across sessions). `sequenceChanges` moves committed rows
 * into `modlink_changes`, giving each its position.
 */
export function changeFeedDdl(schema: string): string[] {
  const statements = qualifiedName(schema, CHANGE_STATEMENT_SEQUENCE);
  const head = qualifiedName(schema, CHANGE_HEAD_TABLE);
  return [
    `create sequence if not exists ${statements}`,
    `create table if not exists ${qualifiedName(schema, CHANGE_INBOX_TABLE)} ("statement" bigint not null, ${CHANGE_COLUMNS})`,
    `create table if not exists ${qualifiedName(schema, CHANGES_TABLE)} ("position" bigint primary key, ${CHANGE_COLUMNS})`,
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
}

/**
 * The CTEs (`"feed_statement"`, `"feed"`) recording one change
 * per row of `source` in the inbox, in the statement that changed the
 * rows: a rollback takes them back with them. Every name in them is ours
 * or validated, so the link table's name is written as a literal.
 *
 * The statement's number is drawn once, after every row of `source` was
 * written (the count reads them all first): by then the statement holds
 * each changed row's lock, so a later change of one of those rows, which
 * must wait for this transaction, draws a greater number. That is what
 * keeps positions in commit order per link row (`sequenceChanges`).
 */
export function feedCte(schema: string, link: TableSql, source: FeedSource): string {
  const operation = typeof source.operation === "string" ? `'${source.operation}'` : source.operation.sql;
  const sequence = qualifiedName(schema, CHANGE_STATEMENT_SEQUENCE).replace(/'/g, "''");
  return (
    `"feed_statement" as materialized (select nextval('${sequence}') as "statement" from (select count(*) from ${source.name}) as "written_rows"), ` +
    `"feed" as (insert into ${qualifiedName(schema, CHANGE_INBOX_TABLE)} ` +
    `("statement", "link_table", "operation", "link_id", "left_id", "right_id", "data", "deletion_id") ` +
    `select f."statement", '${link.table.name}', ${operation}, s."id", s."left", s."right", ${source.data ?? "null::jsonb"}, ` +
    `${source.deletionId ?? "null"} from ${source.name} as s cross join "feed_statement" as f)`
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
