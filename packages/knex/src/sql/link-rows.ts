import type { LinkFilter, LinkPair, LinkRow, StoredLink } from "@modlink/core";
import type { Knex } from "knex";
import { decodeValue } from "./column-codec";
import { runSql } from "../driver/run-sql";
import type { TableSql } from "./table-sql";

/** A filter with an empty id or pair list matches no row. */
export function matchesNothing(filter: LinkFilter): boolean {
  return [filter.left, filter.right, filter.pairs].some((list) => list !== undefined && list.length === 0);
}

/** The rows of one link table matching `filter`, read with `selectList`, ordered by id. */
export async function selectLinkRows(db: Knex, sql: TableSql, filter: LinkFilter): Promise<Record<string, unknown>[]> {
  const clauses: { text: string; bindings: unknown[] }[] = [];
  if (filter.left) clauses.push({ text: `${sql.left} = any(?::text[])`, bindings: [filter.left] });
  if (filter.right) clauses.push({ text: `${sql.right} = any(?::text[])`, bindings: [filter.right] });
  if (filter.pairs) clauses.push({ text: `(${sql.left}, ${sql.right}) in (select * from unnest(?::text[], ?::text[]))`, bindings: pairArrays(filter.pairs) });
  if (!filter.withDeleted) clauses.push({ text: `"deleted_at" is null`, bindings: [] });
  if (filter.after !== undefined) clauses.push({ text: `"id" collate "C" > ?`, bindings: [filter.after] });
  const where = clauses.map((clause) => clause.text);
  const bindings = clauses.flatMap((clause) => clause.bindings);
  const condition = where.length ? ` where ${where.join(" and ")}` : "";
  const limit = filter.limit === undefined ? "" : " limit ?::bigint";
  if (filter.limit !== undefined) bindings.push(filter.limit);
  const result = await runSql(db, `select ${sql.selectList} from ${sql.qualified}${condition} order by "id" collate "C"${limit}`, bindings);
  return result.rows;
}

/** Extra column types whose driver value may need `decodeValue` (PGlite and pg differ, parsers can be changed). */
const DECODED_TYPES: ReadonlySet<string> = new Set(["timestamp", "bigint", "float", "integer"]);

/**
 * Rows read with `selectList` as `list()` returns them, which is how the
 * select list names them: they go back as the driver made them, with only
 * the extra columns whose driver value may differ from ours decoded in
 * place (and timestamps, if a host's type parsers read them as text).
 */
export function asListedRows(sql: TableSql, rows: Record<string, unknown>[]): LinkRow[] {
  const decoded = sql.extras.filter((extra) => DECODED_TYPES.has(extra.type));
  // A column's values all come through one type parser: the first row tells how timestamps are read.
  const datesRead = rows.length === 0 || rows[0]?.created_at instanceof Date;
  if (decoded.length > 0 || !datesRead) {
    for (const row of rows) {
      for (const extra of decoded) row[extra.name] = decodeValue(extra.type, row[extra.name]);
      if (!datesRead) {
        row.created_at = toDate(row.created_at);
        row.updated_at = toDate(row.updated_at);
        row.deleted_at = row.deleted_at === null || row.deleted_at === undefined ? null : toDate(row.deleted_at);
      }
    }
  }
  return rows as LinkRow[];
}

/** A full row, read with `selectList`, as the core's `StoredLink`. */
export function toStoredLink(sql: TableSql, row: Record<string, unknown>): StoredLink {
  const data: Record<string, unknown> = {};
  for (const extra of sql.extras) data[extra.name] = decodeValue(extra.type, row[extra.name]);
  return {
    id: String(row.id),
    left: String(row[sql.table.left.column]),
    right: String(row[sql.table.right.column]),
    data,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    deletedAt: row.deleted_at === null || row.deleted_at === undefined ? null : toDate(row.deleted_at),
  };
}

export function pairArrays(pairs: readonly LinkPair[]): [string[], string[]] {
  return [pairs.map((pair) => pair.left), pairs.map((pair) => pair.right)];
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}
