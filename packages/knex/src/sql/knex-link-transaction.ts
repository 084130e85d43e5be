import type {
  DeletionStamp,
  LinksAndRecordsDeleted,
  LinksAndRecordsRestored,
  RecordTable,
  RevivedRecord,
  LinkFilter,
  LinkPair,
  LinkRow,
  LinkStoreTransaction,
  LinkTable,
  NewLink,
  RecordIds,
  RestoreTarget,
  RestoredLinks,
  SideName,
  SoftDeleteOptions,
  SoftDeleted,
  StoredLink,
  WriteOutcome,
  WrittenLink,
} from "@modlink/core";
import { otherSide } from "@modlink/core";
import type { Knex } from "knex";
import { asListedRows, matchesNothing, pairArrays, selectLinkRows, toStoredLink } from "./link-rows";
import { runSql } from "../driver/run-sql";
import { toLinkError } from "./store-errors";
import { type TableSql, sideColumn, tableSql } from "./table-sql";
import { upsertStatements } from "./upsert-links";
import { lockRecordIds, recordLockQuery } from "./record-locks";
import { restoreLinksSql, restoreStepSql, softDeleteStepSql } from "./cascade-step-sql";
import { feedCte } from "./change-feed-sql";

const DISMISSED = `"deleted_at" = now(), "updated_at" = now(), "deletion_id" = null, "deleted_from" = null, "cascaded" = false`;

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
  /** The schema of the change feed every write records in; undefined: no feed. */
  readonly #feed: string | undefined;

  constructor(
    trx: Knex.Transaction | Knex,
    schema: string,
    connection: string,
    mode: "transaction" | "single-write" = "transaction",
    options: { readonly changeFeed?: boolean } = {},
  ) {
    this.#trx = trx;
    this.#schema = schema;
    this.#connection = connection;
    this.#mode = mode;
    this.#feed = options.changeFeed === true ? schema : undefined;
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
    return this.#guard(
      table,
      async (sql) => {
        const locks = this.#takePendingLocks();
        const statements = upsertStatements(sql, links, locks && recordLockQuery(locks), this.#feed);
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
      },
      true,
    );
  }

  /**
   * The upserts, each reading its pairs first to tell a revive from an
   * update (`upsertStatements` with `returning`), then one read of every
   * pair's row: by then this transaction holds each of those rows' locks
   * (`on conflict` locks a row it leaves alone too), so the rows are exactly
   * what the call left. A pair no upsert wrote was live and given no data.
   */
  upsertLinksReturning(table: LinkTable, links: readonly NewLink[]): Promise<WrittenLink[]> {
    if (this.#mode === "single-write") throw new Error("internal: upsertLinksReturning needs a transaction; run the unit of work without singleWrite");
    return this.#guard(
      table,
      async (sql) => {
        // Locks first, in a statement of their own: the upsert's snapshot then follows them, so its read of
        // the pairs sees every row a lock holder wrote (a row inserted and dismissed while this call waited
        // would otherwise be missing from the read and reported `updated` where it was revived).
        const locks = this.#takePendingLocks();
        if (locks) await lockRecordIds(this.#trx, locks);
        if (links.length === 0) return [];
        const outcomes = new Map<string, WriteOutcome>();
        for (const statement of upsertStatements(sql, links, undefined, this.#feed, true)) {
          for (const row of (await runSql(this.#trx, statement.sql, statement.bindings)).rows) outcomes.set(String(row.id), row.outcome as WriteOutcome);
        }
        const rows = await selectLinkRows(this.#trx, sql, { pairs: links, withDeleted: true });
        return rows.map((row) => ({ ...toStoredLink(sql, row), outcome: outcomes.get(String(row.id)) ?? "unchanged" }));
      },
      true,
    );
  }

  dismissLinks(table: LinkTable, pairs: readonly LinkPair[]): Promise<number> {
    if (pairs.length === 0) return Promise.resolve(0);
    return this.#guard(table, (sql) =>
      this.#countedUpdate(
        sql,
        `update ${sql.qualified} set ${DISMISSED} where (${sql.left}, ${sql.right}) in (select * from unnest(?::text[], ?::text[])) and "deleted_at" is null`,
        pairArrays(pairs),
        "dismissed",
      ),
    );
  }

  /** `dismissLinks` returning the rows it dismissed, whole; with a feed, recorded in the same statement. */
  dismissLinksReturning(table: LinkTable, pairs: readonly LinkPair[]): Promise<StoredLink[]> {
    if (pairs.length === 0) return Promise.resolve([]);
    return this.#guard(table, async (sql) => {
      const update =
        `update ${sql.qualified} set ${DISMISSED} where (${sql.left}, ${sql.right}) in (select * from unnest(?::text[], ?::text[])) and "deleted_at" is null ` +
        `returning ${sql.selectList}`;
      const text =
        this.#feed === undefined
          ? update
          : // The feed reads its own names from "written_pairs": the rows' columns may include an extra column called "left".
            `with "written" as (${update}), "written_pairs" as (select "id", ${sql.left} as "left", ${sql.right} as "right" from "written"), ` +
            `${feedCte(this.#feed, sql, { name: `"written_pairs"`, operation: "dismissed" })} select * from "written"`;
      return (await runSql(this.#trx, text, pairArrays(pairs))).rows.map((row) => toStoredLink(sql, row));
    });
  }

  dismissAllBut(table: LinkTable, anchorSide: SideName, anchors: readonly string[], keep: readonly LinkPair[]): Promise<number> {
    if (anchors.length === 0) return Promise.resolve(0);
    return this.#guard(table, (sql) =>
      this.#countedUpdate(
        sql,
        `update ${sql.qualified} set ${DISMISSED} where ${sideColumn(sql, anchorSide)} = any(?::text[]) and "deleted_at" is null ` +
          `and (${sql.left}, ${sql.right}) not in (select * from unnest(?::text[], ?::text[]))`,
        [anchors, ...pairArrays(keep)],
        "dismissed",
      ),
    );
  }

  /** Runs an UPDATE of link rows and returns how many it changed; with a feed, records each as `operation` in the same statement. */
  async #countedUpdate(sql: TableSql, update: string, bindings: readonly unknown[], operation: "dismissed"): Promise<number> {
    if (this.#feed === undefined) return (await runSql(this.#trx, update, bindings)).rowCount;
    const text =
      `with "written" as (${update} returning "id", ${sql.left} as "left", ${sql.right} as "right"), ` +
      `${feedCte(this.#feed, sql, { name: `"written"`, operation })} select count(*)::int as "count" from "written"`;
    return Number((await runSql(this.#trx, text, bindings)).rows[0]?.count ?? 0);
  }

  listLinks(table: LinkTable, filter: LinkFilter): Promise<StoredLink[]> {
    if (matchesNothing(filter)) return Promise.resolve([]);
    return this.#guard(table, async (sql) => (await selectLinkRows(this.#trx, sql, filter)).map((row) => toStoredLink(sql, row)));
  }

  /** `listLinks` in the shape `list()` returns, as the driver read the rows (see `asListedRows`). */
  listRows(table: LinkTable, filter: LinkFilter): Promise<LinkRow[]> {
    if (matchesNothing(filter)) return Promise.resolve([]);
    return this.#guard(table, async (sql) => asListedRows(sql, await selectLinkRows(this.#trx, sql, filter)));
  }

  softDeleteLinks(table: LinkTable, side: SideName, ids: readonly string[], stamp: DeletionStamp, options: SoftDeleteOptions): Promise<SoftDeleted> {
    if (ids.length === 0) return Promise.resolve({ count: 0, pairs: [] });
    return this.#guard(table, async (sql) => {
      const update =
        `update ${sql.qualified} set "deleted_at" = ?::timestamptz, "updated_at" = now(), "deletion_id" = ?, "deleted_from" = ?, "cascaded" = ?::boolean ` +
        `where ${sideColumn(sql, side)} = any(?::text[]) and "deleted_at" is null`;
      const bindings = [stamp.at.toISOString(), stamp.deletionId, side, options.cascade, ids];
      if (this.#feed !== undefined) {
        const feed = feedCte(this.#feed, sql, { name: `"written"`, operation: "deleted", deletionId: `s."deletion_id"` });
        const written = `"written" as (${update} returning "id", ${sql.left} as "left", ${sql.right} as "right", "deletion_id")`;
        // Rows come back only when the cascade goes on to the partners; otherwise one row with the count.
        if (!options.cascade) {
          const counted = await runSql(this.#trx, `with ${written}, ${feed} select count(*)::int as "count" from "written"`, bindings);
          return { count: Number(counted.rows[0]?.count ?? 0), pairs: [] };
        }
        const rows = (await runSql(this.#trx, `with ${written}, ${feed} select "left", "right" from "written"`, bindings)).rows;
        return { count: rows.length, pairs: rows.map(toPair) };
      }
      // Rows come back only when the cascade goes on to the partners; otherwise the count is all.
      const returning = options.cascade ? ` returning ${sql.left} as "left", ${sql.right} as "right"` : "";
      const result = await runSql(this.#trx, `${update}${returning}`, bindings);
      return { count: result.rowCount, pairs: options.cascade ? result.rows.map(toPair) : [] };
    });
  }

  unmarkCascaded(table: LinkTable, side: SideName, ids: readonly string[], deletionId: string, partners: readonly string[]): Promise<void> {
    if (ids.length === 0 || partners.length === 0) return Promise.resolve();
    return this.#guard(table, async (sql) => {
      await runSql(this.#trx, unmarkSql(sql, side), [deletionId, side, ids, partners]);
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

  restoreLinks(table: LinkTable, side: SideName, targets: readonly RestoreTarget[]): Promise<RestoredLinks> {
    if (targets.length === 0) return Promise.resolve({ count: 0, cascaded: [] });
    return this.#guard(table, async (sql) => {
      const statement = restoreLinksSql(sql, side, targets, this.#feed);
      const [row] = (await runSql(this.#trx, statement.text, statement.bindings)).rows;
      const cascaded = (jsonValue<[string, string, string][]>(row?.cascaded) ?? []).map(([left, right, deletionId]) => ({ left, right, deletionId }));
      return { count: Number(row?.count ?? 0), cascaded };
    });
  }

  softDeleteLinksAndRecords(
    table: LinkTable,
    side: SideName,
    ids: readonly string[],
    stamp: DeletionStamp,
    partner: RecordTable,
  ): Promise<LinksAndRecordsDeleted> {
    if (ids.length === 0) return Promise.resolve({ count: 0, deleted: [] });
    return this.#guard(table, async (sql) => {
      const statement = softDeleteStepSql(sql, side, ids, stamp, partner, this.#feed);
      const [row] = (await runSql(this.#trx, statement.text, statement.bindings)).rows;
      const spared = jsonValue<string[]>(row?.spared) ?? [];
      if (spared.length > 0) await runSql(this.#trx, unmarkSql(sql, side), [stamp.deletionId, side, ids, spared]);
      return { count: Number(row?.count ?? 0), deleted: jsonValue<string[]>(row?.deleted) ?? [] };
    });
  }

  restoreLinksAndRecords(table: LinkTable, side: SideName, targets: readonly RestoreTarget[], partner: RecordTable): Promise<LinksAndRecordsRestored> {
    if (targets.length === 0) return Promise.resolve({ count: 0, restored: [] });
    return this.#guard(table, async (sql) => {
      const statement = restoreStepSql(sql, side, targets, partner, this.#feed);
      const [row] = (await runSql(this.#trx, statement.text, statement.bindings)).rows;
      const restored: RevivedRecord[] = [];
      for (const [deletionId, ids] of Object.entries(jsonValue<Record<string, string[]>>(row?.restored) ?? {})) {
        for (const id of ids) restored.push({ id, deletionId });
      }
      return { count: Number(row?.count ?? 0), restored };
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

/** Clears the cascade mark of rows one deletion removed from `side`; binds the deletion, the side, the side's ids and the partners. */
function unmarkSql(sql: TableSql, side: SideName): string {
  return (
    `update ${sql.qualified} set "cascaded" = false where "deletion_id" = ? and "deleted_from" = ? ` +
    `and ${sideColumn(sql, side)} = any(?::text[]) and ${sideColumn(sql, otherSide(side))} = any(?::text[])`
  );
}

/** A `json` column as the driver read it: parsed already (pg, PGlite) or its text; undefined for SQL null. */
function jsonValue<T>(value: unknown): T | undefined {
  if (value === null || value === undefined) return undefined;
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

function toPair(row: Record<string, unknown>): LinkPair {
  return { left: String(row.left), right: String(row.right) };
}
