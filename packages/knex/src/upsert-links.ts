import { type NewLink, newLinkId } from "@modlink/core";
import { ddlType, encodeValue } from "./column-codec";
import type { ExtraColumnSql, TableSql } from "./table-sql";

/** Rows per statement: bounds memory for huge creates without costing round trips for normal ones. */
export const UPSERT_CHUNK_ROWS = 50_000;

/** One statement with its bound parameters. */
export interface Statement {
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

/**
 * The statements that upsert `links`: one per chunk of 50,000 rows and per
 * set of data columns given, each an `insert ... select from unnest(...)`
 * reviving or updating existing pairs. Generated lazily, chunk by chunk.
 *
 * Chunks follow input order, so a pair repeated in a later chunk is applied
 * later; inside a chunk repeats are merged first, as `on conflict` may touch a
 * row only once per statement.
 */
export function* upsertStatements(sql: TableSql, links: readonly NewLink[]): Generator<Statement> {
  for (let start = 0; start < links.length; start += UPSERT_CHUNK_ROWS) {
    const chunk = mergeRepeatedPairs(links.slice(start, start + UPSERT_CHUNK_ROWS));
    for (const group of groupByGivenColumns(sql, chunk)) yield upsertStatement(sql, group.columns, group.links);
  }
}

function mergeRepeatedPairs(links: readonly NewLink[]): NewLink[] {
  const byLeft = new Map<string, Map<string, NewLink>>();
  for (const link of links) {
    const byRight = byLeft.get(link.left) ?? new Map<string, NewLink>();
    byLeft.set(link.left, byRight);
    const earlier = byRight.get(link.right);
    byRight.set(link.right, earlier ? { ...link, data: { ...earlier.data, ...link.data } } : link);
  }
  return [...byLeft.values()].flatMap((byRight) => [...byRight.values()]);
}

/** Rows giving the same data columns share a statement: only given columns are updated. */
function groupByGivenColumns(sql: TableSql, links: readonly NewLink[]): { columns: ExtraColumnSql[]; links: NewLink[] }[] {
  const groups = new Map<string, { columns: ExtraColumnSql[]; links: NewLink[] }>();
  for (const link of links) {
    const columns = sql.extras.filter((extra) => Object.hasOwn(link.data, extra.name) && link.data[extra.name] !== undefined);
    const key = columns.map((column) => column.name).join(",");
    const group = groups.get(key) ?? { columns, links: [] };
    groups.set(key, group);
    group.links.push(link);
  }
  return [...groups.values()];
}

function upsertStatement(sql: TableSql, columns: readonly ExtraColumnSql[], links: readonly NewLink[]): Statement {
  const names = [`"id"`, sql.left, sql.right, ...columns.map((column) => column.quoted)];
  const values = [`v."id"`, `v.${sql.left}`, `v.${sql.right}`, ...columns.map((column) => `v.${column.quoted}::${ddlType(column.type)}`)];
  const updates = [
    `"deleted_at" = null`,
    `"deletion_id" = null`,
    `"deleted_from" = null`,
    `"cascaded" = false`,
    `"updated_at" = now()`,
    ...columns.map((column) => `${column.quoted} = excluded.${column.quoted}`),
  ];
  const bindings: unknown[] = [
    links.map(() => newLinkId(sql.table.idPrefix)),
    links.map((link) => link.left),
    links.map((link) => link.right),
    ...columns.map((column) => links.map((link) => encodeValue(column.type, link.data[column.name]))),
  ];
  return {
    sql:
      `insert into ${sql.qualified} (${names.join(", ")}) ` +
      `select ${values.join(", ")} from unnest(${names.map(() => "?::text[]").join(", ")}) as v(${names.join(", ")}) ` +
      `on conflict (${sql.left}, ${sql.right}) do update set ${updates.join(", ")}`,
    bindings,
  };
}
