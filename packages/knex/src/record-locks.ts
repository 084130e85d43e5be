import type { RecordIds } from "@modlink/core";
import type { Knex } from "knex";
import { runSql } from "./run-sql";
import type { Sql } from "./sql-fragment";

/**
 * Buckets per module key. A call takes at most this many locks per key,
 * whatever the number of ids (PostgreSQL's lock table is small and shared);
 * ids in one bucket merely wait for each other.
 */
const BUCKETS = 128;

/** Ids of one module key above which a call locks all of that key's buckets. */
const WHOLE_SCOPE_IDS = BUCKETS * 8;

/**
 * Takes transaction-scoped advisory locks on records, in ascending key order
 * in one statement, so calls that lock at their start cannot deadlock on
 * them. Keys are (module and key, bucket of id), so two link tables of one
 * record share its lock.
 *
 * Why: at read committed each statement sees what was committed when it
 * began, and no statement can lock a row another transaction is still
 * inserting. Calls that touch links of the same records (a create and a
 * cascade delete of one record, two creates of one "one" side, a replace and
 * a create of its anchor) wait for each other here instead, and the next
 * statement sees what the other committed: without it, two creates of one
 * pair can miss each other's row and the second fail on the "one" side's
 * unique index although the pair then exists, and a delete can remove a
 * record's links in one table and miss a concurrent create's in another.
 *
 * Records marked `shared` are locked in share mode: units that only share
 * a record (creates on its "many" side) run side by side, and wait only for
 * a unit holding it exclusively (a delete, a restore, a replace of it, a
 * create on its "one" side). A key asked for both ways is taken exclusively.
 *
 * Released at commit or rollback, so they work through transaction pooling
 * (PgBouncer), where session locks do not.
 */
export async function lockRecordIds(db: Knex, records: readonly RecordIds[]): Promise<void> {
  const query = recordLockQuery(records);
  if (query) await runSql(db, query.text, query.bindings);
}

/**
 * The query that takes the locks of `records` (one row per lock), or
 * undefined when there is nothing to lock. Alone it is a statement; as a
 * CTE it can lead an upsert (see `upsertStatements`).
 */
export function recordLockQuery(records: readonly RecordIds[]): Sql | undefined {
  const scopes: string[] = [];
  const ids: string[] = [];
  const exclusive: boolean[] = [];
  const wholeScopes: string[] = [];
  const wholeExclusive: boolean[] = [];
  for (const { module, key, ids: recordIds, shared } of records) {
    const scope = `modlink:${module}:${key}`;
    // Every record, or past this many ids (when nearly every bucket is hit
    // anyway): lock all buckets rather than send (and hash) every id.
    if (recordIds === undefined || recordIds.length > WHOLE_SCOPE_IDS) {
      wholeScopes.push(scope);
      wholeExclusive.push(shared !== true);
      continue;
    }
    for (const id of recordIds) {
      scopes.push(scope);
      ids.push(id);
      exclusive.push(shared !== true);
    }
  }
  if (ids.length === 0 && wholeScopes.length === 0) return undefined;
  // The grouped, sorted sub-select is not flattened into the outer one, so
  // the locks are taken in its order.
  return {
    text:
      `select case when s."exclusive" then pg_advisory_xact_lock(s."key") else pg_advisory_xact_lock_shared(s."key") end ` +
      `from (select k."key", bool_or(k."exclusive") as "exclusive" from (` +
      `select (hashtext(v."scope")::bigint * ${BUCKETS}) + (hashtextextended(v."id", 0) & ${BUCKETS - 1}) as "key", v."exclusive" ` +
      `from unnest(?::text[], ?::text[], ?::boolean[]) as v("scope", "id", "exclusive") ` +
      `union all select (hashtext(w."scope")::bigint * ${BUCKETS}) + b.n, w."exclusive" ` +
      `from unnest(?::text[], ?::boolean[]) as w("scope", "exclusive"), generate_series(0, ${BUCKETS - 1}) as b(n)` +
      `) as k group by k."key" order by 1) as s`,
    bindings: [scopes, ids, exclusive, wholeScopes, wholeExclusive],
  };
}
