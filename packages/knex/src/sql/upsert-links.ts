import type { NewLink } from "@modlink/core";
import { newLinkId } from "@modlink/core/store";
import { ddlType, encodeValue } from "./column-codec";
import type { Sql } from "./sql-fragment";
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
 * Each pair comes once (the `LinkStore` contract: `RemoteLink` merges
 * repeats), as `on conflict` may touch a row only once per statement.
 *
 * With `locks` (a `recordLockQuery`), the first statement takes them before
 * it writes a row, saving the round trip of a separate lock statement: the
 * lock query is a CTE that the insert's SELECT waits for through an
 * uncorrelated sub-query, which PostgreSQL evaluates once, before the first
 * row. The statement's snapshot predates the locks, so it may miss rows a
 * lock holder committed meanwhile; an upsert does not read through it:
 * `on conflict` checks the pair's index against committed rows and updates
 * the newest version of a conflicting row, and the "one" sides' unique
 * indexes see the holder's rows as well.
 */
export function* upsertStatements(sql: TableSql, links: readonly NewLink[], locks?: Sql): Generator<Statement> {
  let lead = locks;
  for (let start = 0; start < links.length; start += UPSERT_CHUNK_ROWS) {
    const chunk = links.length <= UPSERT_CHUNK_ROWS ? links : links.slice(start, start + UPSERT_CHUNK_ROWS);
    for (const group of groupByGivenColumns(sql, chunk)) {
      yield upsertStatement(sql, group.columns, group.links, lead);
      lead = undefined;
    }
  }
}

/** Rows giving the same data columns share a statement: only given columns are updated. */
function groupByGivenColumns(sql: TableSql, links: readonly NewLink[]): { columns: readonly ExtraColumnSql[]; links: readonly NewLink[] }[] {
  if (sql.extras.length === 0) return [{ columns: [], links }];
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

function upsertStatement(sql: TableSql, columns: readonly ExtraColumnSql[], links: readonly NewLink[], locks: Sql | undefined): Statement {
  const bindings: unknown[] = [
    ...(locks?.bindings ?? []),
    links.map(() => newLinkId(sql.table.idPrefix)),
    links.map((link) => link.left),
    links.map((link) => link.right),
    ...columns.map((column) => links.map((link) => encodeValue(column.type, link.data[column.name]))),
  ];
  return { sql: upsertText(sql, columns, locks?.text), bindings };
}

/**
 * Statement texts by table (its `TableSql`), then by the lock query and the
 * data columns given: a text depends on nothing else, and building it cost
 * more than the rest of a one-pair create's work in this package.
 */
const texts = new WeakMap<TableSql, Map<string, string>>();

/** Texts kept per table; a table with many extra columns can be given many sets of them. */
const MAX_TEXTS_PER_TABLE = 64;

function upsertText(sql: TableSql, columns: readonly ExtraColumnSql[], locks: string | undefined): string {
  let byShape = texts.get(sql);
  if (!byShape) texts.set(sql, (byShape = new Map()));
  // Column names are identifiers (no NUL); the lock query is our own text.
  const shape = `${locks ?? ""}\0${columns.map((column) => column.name).join("\0")}`;
  let text = byShape.get(shape);
  if (text === undefined) {
    text = buildUpsertText(sql, columns, locks);
    if (byShape.size < MAX_TEXTS_PER_TABLE) byShape.set(shape, text);
  }
  return text;
}

function buildUpsertText(sql: TableSql, columns: readonly ExtraColumnSql[], locks: string | undefined): string {
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
  // `materialized`: the locks are taken once, in the CTE's order, never inlined.
  const lead = locks === undefined ? "" : `with "modlink_record_locks" as materialized (${locks}) `;
  const afterLocks = locks === undefined ? "" : ` where (select count(*) from "modlink_record_locks") >= 0`;
  return (
    `${lead}insert into ${sql.qualified} (${names.join(", ")}) ` +
    `select ${values.join(", ")} from unnest(${names.map(() => "?::text[]").join(", ")}) as v(${names.join(", ")})${afterLocks} ` +
    `on conflict (${sql.left}, ${sql.right}) do update set ${updates.join(", ")}`
  );
}
