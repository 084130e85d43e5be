import type {
  DeletionStamp,
  LinkFilter,
  LinkPair,
  LinkRow,
  LinkStoreTransaction,
  LinkTable,
  NewLink,
  RecordIds,
  RestoreTarget,
  RestoredLink,
  SideName,
  SoftDeleteOptions,
  SoftDeleted,
  StoredLink,
} from "@modlink/core";
import { otherSide } from "@modlink/core";
import type { Knex } from "knex";
import { decodeValue } from "./column-codec";
import { runSql } from "./run-sql";
import { toLinkError } from "./store-errors";
import { type TableSql, sideColumn, tableSql } from "./table-sql";
import { upsertStatements } from "./upsert-links";
import { lockRecordIds, recordLockQuery } from "./record-locks";

const DISMISSED = `"deleted_at" = now(), "updated_at" = now(), "deletion_id" = null, "deleted_from" = null, "cascaded" = false`;
const REVIVED = `"deleted_at" = null, "updated_at" = now(), "deletion_id" = null, "deleted_from" = null, "cascaded" = false`;

/**
 * The link operations of one knex transaction. Every method is one
 * set-based statement (upserts: one per 50,000 rows), with arrays bound as
 * parameters and `unnest`/`= any()` in place of `IN (...)` lists.
 */
export class KnexLinkTransaction implements LinkStoreTransaction {
  /** The open transaction, or the knex instance itself for work run without one. */
  readonly #trx: Knex.Transaction | Knex;
  readonly #schema: string;
  readonly #connection: string;
  /**
   * `"single-write"`: no transaction is open (`#trx` is the knex instance)
   * and the work makes one write: an upsert, run as one statement when it
   * fits in one, else in a transaction of its own; or a statement of
   * another kind with no locks owed.
   */
  readonly #mode: "transaction" | "single-write";
  /** Records `lockRecords` asked for that no statement has locked yet. */
  #pendingLocks: RecordIds[] = [];

  constructor(trx: Knex.Transaction | Knex, schema: string, connection: string, mode: "transaction" | "single-write" = "transaction") {
    this.#trx = trx;
    this.#schema = schema;
    this.#connection = connection;
    this.#mode = mode;
  }

  /** The knex transaction: a host's own queries on it join the same unit. */
  get handle(): Knex.Transaction | Knex {
    return this.#trx;
  }

  /**
   * Takes the locks with the next statement: an upsert carries them in its
   * own first statement (one round trip less, see `upsertStatements`); any
   * other statement is preceded by the lock statement, so that it reads
   * what the lock holders committed.
   */
  async lockRecords(records: readonly RecordIds[]): Promise<void> {
    this.#pendingLocks.push(...records);
  }

  upsertLinks(table: LinkTable, links: readonly NewLink[]): Promise<void> {
    return this.#guard(table, async (sql) => {
      const locks = this.#takePendingLocks();
      const statements = upsertStatements(sql, links, locks && recordLockQuery(locks));
      const first = statements.next();
      // No rows, no statement to carry the locks: they are still owed.
      if (first.done) return locks ? lockRecordIds(this.#trx, locks) : undefined;
      const second = statements.next();
      const rest = async (db: Knex) => {
        await runSql(db, first.value.sql, first.value.bindings);
        if (second.done) return;
        await runSql(db, second.value.sql, second.value.bindings);
        for (const statement of statements) await runSql(db, statement.sql, statement.bindings);
      };
      // Alone, one statement is atomic and holds its locks to its end; several need a transaction.
      if (this.#mode === "single-write" && !second.done) await this.#trx.transaction((trx) => rest(trx));
      else await rest(this.#trx);
    }, true);
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
    if (matchesNothing(filter)) return Promise.resolve([]);
    return this.#guard(table, async (sql) => (await this.#selectRows(sql, filter)).map((row) => toStoredLink(sql, row)));
  }

  /**
   * `listLinks` in the shape `list()` returns, which is how the select list
   * reads them: rows go back as the driver made them, with only the extra
   * columns whose driver value may differ from ours decoded in place (and
   * timestamps, if the driver was set to read them as text).
   */
  listRows(table: LinkTable, filter: LinkFilter): Promise<LinkRow[]> {
    if (matchesNothing(filter)) return Promise.resolve([]);
    return this.#guard(table, async (sql) => {
      const rows = await this.#selectRows(sql, filter);
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
    });
  }

  async #selectRows(sql: TableSql, filter: LinkFilter): Promise<Record<string, unknown>[]> {
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
    return result.rows;
  }

  softDeleteLinks(table: LinkTable, side: SideName, ids: readonly string[], stamp: DeletionStamp, options: SoftDeleteOptions): Promise<SoftDeleted> {
    if (ids.length === 0) return Promise.resolve({ count: 0, pairs: [] });
    return this.#guard(table, async (sql) => {
      // Rows come back only when the cascade goes on to the partners; otherwise the count is all.
      const returning = options.cascade ? ` returning ${sql.left} as "left", ${sql.right} as "right"` : "";
      const result = await runSql(
        this.#trx,
        `update ${sql.qualified} set "deleted_at" = ?::timestamptz, "updated_at" = now(), "deletion_id" = ?, "deleted_from" = ?, "cascaded" = ?::boolean ` +
          `where ${sideColumn(sql, side)} = any(?::text[]) and "deleted_at" is null${returning}`,
        [stamp.at.toISOString(), stamp.deletionId, side, options.cascade, ids],
      );
      return { count: result.rowCount, pairs: options.cascade ? result.rows.map(toPair) : [] };
    });
  }

  unmarkCascaded(table: LinkTable, side: SideName, ids: readonly string[], deletionId: string, partners: readonly string[]): Promise<void> {
    if (ids.length === 0 || partners.length === 0) return Promise.resolve();
    return this.#guard(table, async (sql) => {
      await runSql(
        this.#trx,
        `update ${sql.qualified} set "cascaded" = false where "deletion_id" = ? and "deleted_from" = ? ` +
          `and ${sideColumn(sql, side)} = any(?::text[]) and ${sideColumn(sql, otherSide(side))} = any(?::text[])`,
        [deletionId, side, ids, partners],
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
      // An object literal, not `{ ...toPair(row), ... }`: the spread costs about 2 µs a row.
      return result.rows.map((row) => ({
        left: String(row.left),
        right: String(row.right),
        deletionId: String(row.old_deletion_id),
        cascaded: row.old_cascaded === true,
      }));
    });
  }

  /**
   * Takes the locks still owed when the work sent no statement after asking
   * for them: the store calls it before commit, so a unit of work that only
   * locks still makes the others wait for it.
   */
  async takeOwedLocks(): Promise<void> {
    const locks = this.#takePendingLocks();
    if (!locks) return;
    try {
      await lockRecordIds(this.#trx, locks);
    } catch (error) {
      throw toLinkError(error, { connection: this.#connection });
    }
  }

  /** The locks asked for since the last statement, now owed by the caller; undefined if none. */
  #takePendingLocks(): RecordIds[] | undefined {
    if (this.#pendingLocks.length === 0) return undefined;
    const locks = this.#pendingLocks;
    this.#pendingLocks = [];
    return locks;
  }

  /**
   * Runs one operation's statements with errors typed. Locks still owed are
   * taken first, alone, unless the operation carries them itself (`foldsLocks`):
   * a statement that reads must start after the locks are granted to see what
   * their holders committed.
   */
  async #guard<T>(table: LinkTable, work: (sql: TableSql) => Promise<T>, foldsLocks = false): Promise<T> {
    if (this.#mode === "single-write" && !foldsLocks && this.#pendingLocks.length > 0) {
      throw new Error("internal: a unit of work run as a single write may lock records only for an upsert; run it as a transaction");
    }
    try {
      const locks = foldsLocks ? undefined : this.#takePendingLocks();
      if (locks) await lockRecordIds(this.#trx, locks);
      return await work(tableSql(this.#schema, table));
    } catch (error) {
      throw toLinkError(error, { connection: this.#connection, table });
    }
  }
}

/** Extra column types whose driver value may need `decodeValue` (PGlite and pg differ, parsers can be changed). */
const DECODED_TYPES: ReadonlySet<string> = new Set(["timestamp", "bigint", "float", "integer"]);

/** A filter with an empty id or pair list matches no row. */
function matchesNothing(filter: LinkFilter): boolean {
  return [filter.left, filter.right, filter.pairs].some((list) => list !== undefined && list.length === 0);
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
