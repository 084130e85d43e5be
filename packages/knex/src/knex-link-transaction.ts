import type {
  DeletionStamp,
  LinkFilter,
  LinkPair,
  LinkStoreTransaction,
  LinkTable,
  NewLink,
  RecordIds,
  RestoreTarget,
  RestoredLink,
  SideName,
  StoredLink,
} from "@modlink/core";
import type { Knex } from "knex";
import { decodeValue } from "./column-codec";
import { runSql } from "./run-sql";
import { toLinkError } from "./store-errors";
import { type TableSql, sideColumn, tableSql } from "./table-sql";
import { upsertStatements } from "./upsert-links";
import { lockRecordIds } from "./record-locks";

const DISMISSED = `"deleted_at" = now(), "updated_at" = now(), "deletion_id" = null, "deleted_from" = null, "cascaded" = false`;
const REVIVED = `"deleted_at" = null, "updated_at" = now(), "deletion_id" = null, "deleted_from" = null, "cascaded" = false`;

/**
 * The link operations of one knex transaction. Every method is one
 * set-based statement (upserts: one per 50,000 rows), with arrays bound as
 * parameters and `unnest`/`= any()` in place of `IN (...)` lists.
 */
export class KnexLinkTransaction implements LinkStoreTransaction {
  /** The open transaction, or the knex instance itself for read-only work run without one. */
  readonly #trx: Knex.Transaction | Knex;
  readonly #schema: string;
  readonly #connection: string;

  constructor(trx: Knex.Transaction | Knex, schema: string, connection: string) {
    this.#trx = trx;
    this.#schema = schema;
    this.#connection = connection;
  }

  /** The knex transaction: a host's own queries on it join the same unit. */
  get handle(): Knex.Transaction | Knex {
    return this.#trx;
  }

  async lockRecords(records: readonly RecordIds[]): Promise<void> {
    try {
      await lockRecordIds(this.#trx, records);
    } catch (error) {
      throw toLinkError(error, { connection: this.#connection });
    }
  }

  upsertLinks(table: LinkTable, links: readonly NewLink[]): Promise<void> {
    return this.#guard(table, async (sql) => {
      for (const statement of upsertStatements(sql, links)) await runSql(this.#trx, statement.sql, statement.bindings);
    });
  }

  dismissLinks(table: LinkTable, pairs: readonly LinkPair[]): Promise<number> {
    if (pairs.length === 0) return Promise.resolve(0);
    return this.#guard(table, async (sql) => {
      const result = await runSql(
        this.#trx,
        `update ${sql.qualified} set ${DISMISSED} where (${sql.left}, ${sql.right}) in (select * from unnest(?::text[], ?::text[])) and "deleted_at" is null`,
        pairArrays(pairs),
      );
      return result.rowCount;
    });
  }

  dismissAllBut(table: LinkTable, anchorSide: SideName, anchors: readonly string[], keep: readonly LinkPair[]): Promise<number> {
    if (anchors.length === 0) return Promise.resolve(0);
    return this.#guard(table, async (sql) => {
      const result = await runSql(
        this.#trx,
        `update ${sql.qualified} set ${DISMISSED} where ${sideColumn(sql, anchorSide)} = any(?::text[]) and "deleted_at" is null ` +
          `and (${sql.left}, ${sql.right}) not in (select * from unnest(?::text[], ?::text[]))`,
        [anchors, ...pairArrays(keep)],
      );
      return result.rowCount;
    });
  }

  listLinks(table: LinkTable, filter: LinkFilter): Promise<StoredLink[]> {
    const given = [filter.left, filter.right, filter.pairs].filter((list) => list !== undefined);
    if (given.some((list) => list.length === 0)) return Promise.resolve([]);
    return this.#guard(table, async (sql) => {
      const clauses: { text: string; bindings: unknown[] }[] = [];
      if (filter.left) clauses.push({ text: `${sql.left} = any(?::text[])`, bindings: [filter.left] });
      if (filter.right) clauses.push({ text: `${sql.right} = any(?::text[])`, bindings: [filter.right] });
      if (filter.pairs) clauses.push({ text: `(${sql.left}, ${sql.right}) in (select * from unnest(?::text[], ?::text[]))`, bindings: pairArrays(filter.pairs) });
      if (!filter.withDeleted) clauses.push({ text: `"deleted_at" is null`, bindings: [] });
      const where = clauses.map((clause) => clause.text);
      const bindings = clauses.flatMap((clause) => clause.bindings);
      const condition = where.length ? ` where ${where.join(" and ")}` : "";
      const limit = filter.limit === undefined ? "" : " limit ?::bigint";
      if (filter.limit !== undefined) bindings.push(filter.limit);
      const result = await runSql(this.#trx, `select ${sql.selectList} from ${sql.qualified}${condition} order by "id"${limit}`, bindings);
      return result.rows.map((row) => toStoredLink(sql, row));
    });
  }

  softDeleteLinks(table: LinkTable, side: SideName, ids: readonly string[], stamp: DeletionStamp): Promise<LinkPair[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.#guard(table, async (sql) => {
      const result = await runSql(
        this.#trx,
        `update ${sql.qualified} set "deleted_at" = ?::timestamptz, "updated_at" = now(), "deletion_id" = ?, "deleted_from" = ?, "cascaded" = false ` +
          `where ${sideColumn(sql, side)} = any(?::text[]) and "deleted_at" is null returning ${sql.left} as "left", ${sql.right} as "right"`,
        [stamp.at.toISOString(), stamp.deletionId, side, ids],
      );
      return result.rows.map(toPair);
    });
  }

  markCascaded(table: LinkTable, deletionId: string, side: SideName, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    return this.#guard(table, async (sql) => {
      await runSql(
        this.#trx,
        `update ${sql.qualified} set "cascaded" = true where "deletion_id" = ? and ${sideColumn(sql, side)} = any(?::text[])`,
        [deletionId, ids],
      );
    });
  }

  idsWithLiveLinks(table: LinkTable, side: SideName, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.#guard(table, async (sql) => {
      const column = sideColumn(sql, side);
      const result = await runSql(
        this.#trx,
        `select distinct ${column} as "id" from ${sql.qualified} where ${column} = any(?::text[]) and "deleted_at" is null`,
        [ids],
      );
      const live = new Set(result.rows.map((row) => String(row.id)));
      return [...new Set(ids)].filter((id) => live.has(id));
    });
  }

  restoreLinks(table: LinkTable, side: SideName, targets: readonly RestoreTarget[]): Promise<RestoredLink[]> {
    if (targets.length === 0) return Promise.resolve([]);
    return this.#guard(table, async (sql) => {
      // RETURNING sees new values only (before PostgreSQL 18), so the old
      // deletion id and cascade flag come from the joined sub-select.
      const result = await runSql(
        this.#trx,
        `update ${sql.qualified} as t set ${REVIVED} ` +
          `from (select o."id", o."deletion_id" as "old_deletion_id", o."cascaded" as "old_cascaded" from ${sql.qualified} as o ` +
          `where o."deleted_from" = ? and o."deletion_id" is not null and o."deleted_at" is not null ` +
          `and exists (select 1 from unnest(?::text[], ?::text[]) as g("id", "deletion_id") ` +
          `where o.${sideColumn(sql, side)} = g."id" and (g."deletion_id" is null or o."deletion_id" = g."deletion_id"))) as s ` +
          `where t."id" = s."id" returning t.${sql.left} as "left", t.${sql.right} as "right", s."old_deletion_id", s."old_cascaded"`,
        [side, targets.map((target) => target.id), targets.map((target) => target.deletionId)],
      );
      return result.rows.map((row) => ({ ...toPair(row), deletionId: String(row.old_deletion_id), cascaded: row.old_cascaded === true }));
    });
  }

  async #guard<T>(table: LinkTable, work: (sql: TableSql) => Promise<T>): Promise<T> {
    try {
      return await work(tableSql(this.#schema, table));
    } catch (error) {
      throw toLinkError(error, { connection: this.#connection, table });
    }
  }
}

function pairArrays(pairs: readonly LinkPair[]): [string[], string[]] {
  return [pairs.map((pair) => pair.left), pairs.map((pair) => pair.right)];
}

function toPair(row: Record<string, unknown>): LinkPair {
  return { left: String(row.left), right: String(row.right) };
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
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
