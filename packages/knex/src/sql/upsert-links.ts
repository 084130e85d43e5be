import type { NewLink } from "@modlink/core";
import { newLinkId } from "@modlink/core/store";
import { dataJson, feedCte } from "./change-feed-sql";
import { ddlType, encodeValue } from "./column-codec";
import type { Sql } from "./sql-fragment";
import type { ExtraColumnSql, TableSql } from "./table-sql";

/** Rows per statement: bounds memory for huge creates without costing round trips for normal ones. */
export const UPSERT_CHUNK_ROWS = 50_000;

/** The insert target's alias, naming the existing row in `on conflict ... where`. */
const EXISTING = `"existing"`;

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
export function* upsertStatements(sql: TableSql, links: readonly NewLink[], locks?: Sql, feedSchema?: string, returning = false): Generator<Statement> {
  let lead = locks;
  for (let start = 0; start < links.length; start += UPSERT_CHUNK_ROWS) {
    const chunk = links.length <= UPSERT_CHUNK_ROWS ? links : links.slice(start, start + UPSERT_CHUNK_ROWS);
    for (const group of groupByGivenColumns(sql, chunk)) {
      yield upsertStatement(sql, group.columns, group.links, lead, feedSchema, returning);
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

function upsertStatement(
  sql: TableSql,
  columns: readonly ExtraColumnSql[],
  links: readonly NewLink[],
  locks: Sql | undefined,
  feedSchema: string | undefined,
  returning: boolean,
): Statement {
  const readsPairs = returning || (feedSchema !== undefined && columns.length > 0);
  const bindings: unknown[] = [
    ...(locks?.bindings ?? []),
    // The pairs' current rows are locked and read first when a revive must be told from an update (see `pairsReadUpsertText`).
    ...(readsPairs ? [links.map((link) => link.left), links.map((link) => link.right)] : []),
    links.map(() => newLinkId(sql.table.idPrefix)),
    links.map((link) => link.left),
    links.map((link) => link.right),
    ...columns.map((column) => links.map((link) => encodeValue(column.type, link.data[column.name]))),
  ];
  return { sql: upsertText(sql, columns, locks?.text, feedSchema, returning), bindings };
}

/**
 * Statement texts by table (its `TableSql`), then by the lock query and the
 * data columns given: a text depends on nothing else, and building it cost
 * more than the rest of a one-pair create's work in this package.
 */
const texts = new WeakMap<TableSql, Map<string, string>>();

/** Texts kept per table; a table with many extra columns can be given many sets of them. */
const MAX_TEXTS_PER_TABLE = 64;

function upsertText(sql: TableSql, columns: readonly ExtraColumnSql[], locks: string | undefined, feedSchema: string | undefined, returning: boolean): string {
  let byShape = texts.get(sql);
  if (!byShape) texts.set(sql, (byShape = new Map()));
  // Column names are identifiers (no NUL); the lock query is our own text.
  const shape = `${returning ? "r" : ""}\0${feedSchema ?? ""}\0${locks ?? ""}\0${columns.map((column) => column.name).join("\0")}`;
  let text = byShape.get(shape);
  if (text === undefined) {
    if (returning) text = pairsReadUpsertText(sql, columns, locks, feedSchema, OUTCOMES);
    else text = feedSchema === undefined ? buildUpsertText(sql, columns, locks) : buildFeedUpsertText(sql, columns, locks, feedSchema);
    if (byShape.size < MAX_TEXTS_PER_TABLE) byShape.set(shape, text);
  }
  return text;
}

function buildUpsertText(sql: TableSql, columns: readonly ExtraColumnSql[], locks: string | undefined): string {
  const { names, values, updates, onlyIf } = upsertParts(sql, columns);
  // `materialized`: the locks are taken once, in the CTE's order, never inlined.
  const lead = locks === undefined ? "" : `with "modlink_record_locks" as materialized (${locks}) `;
  const afterLocks = locks === undefined ? "" : ` where (select count(*) from "modlink_record_locks") >= 0`;
  return (
    `${lead}insert into ${sql.qualified} as ${EXISTING} (${names.join(", ")}) ` +
    `select ${values.join(", ")} from unnest(${names.map(() => "?::text[]").join(", ")}) as v(${names.join(", ")})${afterLocks} ` +
    `on conflict (${sql.left}, ${sql.right}) do update set ${updates.join(", ")}${onlyIf}`
  );
}

/**
 * The upsert that also records its changes in the feed; binds the locks',
 * then (with data columns) the pairs', then the upsert's. Each written row
 * is told apart: inserted (`xmax = 0`) is `created`, previously deleted is
 * `revived`, otherwise `updated`.
 *
 * Without data columns, only deleted rows are updated (`upsertParts`), so
 * every row written and not inserted was revived: nothing to read first.
 * With data columns, live rows are updated too, and the pairs are read
 * first (`pairsReadUpsertText`).
 */
function buildFeedUpsertText(sql: TableSql, columns: readonly ExtraColumnSql[], locks: string | undefined, feedSchema: string): string {
  if (columns.length > 0) return pairsReadUpsertText(sql, columns, locks, feedSchema, `select 1`);
  const { names, values, updates, onlyIf } = upsertParts(sql, columns);
  const lead = locks === undefined ? "" : `"modlink_record_locks" as materialized (${locks}), `;
  // The record locks first, then the rows: the order every other unit of work takes them in.
  const gate = locks === undefined ? "" : ` where (select count(*) from "modlink_record_locks") >= 0`;
  const operation = `case when s."inserted" then 'created' else 'revived' end`;
  return (
    `with ${lead}"written" as (insert into ${sql.qualified} as ${EXISTING} (${names.join(", ")}) ` +
    `select ${values.join(", ")} from unnest(${names.map(() => "?::text[]").join(", ")}) as v(${names.join(", ")})${gate} ` +
    `on conflict (${sql.left}, ${sql.right}) do update set ${updates.join(", ")}${onlyIf} returning ${feedReturned(sql, columns).join(", ")}), ` +
    feedCte(feedSchema, sql, { name: `"written"`, operation: { sql: operation }, data: FEED_DATA }) +
    ` select 1`
  );
}

/** What a written row's outcome is, from the CTE "changes" of `pairsReadUpsertText`. */
const OUTCOME = `case when s."inserted" then 'created' when s."was_deleted" then 'revived' else 'updated' end`;

/** The final select of an upsert returning rows: each written row's id and outcome (a pair left alone is not written). */
const OUTCOMES = `select s."id", ${OUTCOME} as "outcome" from "changes" as s`;

/** The feed's data of a written row: every column of a new one, the given ones otherwise. */
const FEED_DATA = `case when s."inserted" then s."all_data" else s."given_data" end`;

/** What the insert returns for the feed. Only these names leave "written": an extra column may be called "left" or "inserted". */
function feedReturned(sql: TableSql, columns: readonly ExtraColumnSql[]): string[] {
  return [
    `"id"`,
    `${sql.left} as "left"`,
    `${sql.right} as "right"`,
    `(xmax = 0) as "inserted"`,
    `${dataJson(sql.extras)} as "all_data"`,
    `${dataJson(columns)} as "given_data"`,
  ];
}

/**
 * An upsert that first locks and reads the pairs' current rows ("prev",
 * `for update`: after waiting, the newest committed version) to tell a
 * revive from an update, then ends with `final` over the CTE "changes"
 * (each written row, `inserted`, `was_deleted`), recording the changes in
 * the feed when there is one. A pair another transaction inserted after
 * this statement's snapshot is not in "prev" and conflicts: `updated`
 * (that transaction reports `created`), or not written at all without data.
 */
function pairsReadUpsertText(
  sql: TableSql,
  columns: readonly ExtraColumnSql[],
  locks: string | undefined,
  feedSchema: string | undefined,
  final: string,
): string {
  const { names, values, updates, onlyIf } = upsertParts(sql, columns);
  const lead = locks === undefined ? "" : `"modlink_record_locks" as materialized (${locks}), `;
  // The record locks first, then the rows: the order every other unit of work takes them in.
  const afterLocks = locks === undefined ? "" : `(select count(*) from "modlink_record_locks") >= 0 and `;
  const returned = feedSchema === undefined ? [`"id"`, `(xmax = 0) as "inserted"`] : feedReturned(sql, columns);
  // "changes" carries every name "written" returns: each entry is `"id"` or `<expression> as "<name>"`.
  const carried = returned.map((column) => `s.${column.slice(column.lastIndexOf(`"`, column.length - 2))}`);
  return (
    `with ${lead}"prev" as materialized (select t."id", t."deleted_at" is not null as "was_deleted" from ${sql.qualified} as t ` +
    `where ${afterLocks}(t.${sql.left}, t.${sql.right}) in (select * from unnest(?::text[], ?::text[])) for update), ` +
    `"written" as (insert into ${sql.qualified} as ${EXISTING} (${names.join(", ")}) ` +
    `select ${values.join(", ")} from unnest(${names.map(() => "?::text[]").join(", ")}) as v(${names.join(", ")}) where (select count(*) from "prev") >= 0 ` +
    `on conflict (${sql.left}, ${sql.right}) do update set ${updates.join(", ")}${onlyIf} returning ${returned.join(", ")}), ` +
    `"changes" as (select ${carried.join(", ")}, p."was_deleted" from "written" as s left join "prev" as p on p."id" = s."id")` +
    (feedSchema === undefined ? " " : `, ${feedCte(feedSchema, sql, { name: `"changes"`, operation: { sql: OUTCOME }, data: FEED_DATA })} `) +
    final
  );
}

/**
 * The column lists of an upsert: inserted names, their values from `unnest`
 * (alias `v`), the update of a conflicting row, and the condition for
 * updating it. Without data columns only a deleted row is updated (revived):
 * a live one has nothing to change and is left as it is, `updated_at` too.
 * `on conflict do update ... where` still locks the row it leaves.
 */
function upsertParts(sql: TableSql, columns: readonly ExtraColumnSql[]): { names: string[]; values: string[]; updates: string[]; onlyIf: string } {
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
  const onlyIf = columns.length === 0 ? ` where ${EXISTING}."deleted_at" is not null` : "";
  return { names, values, updates, onlyIf };
}
