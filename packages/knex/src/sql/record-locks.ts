import type { RecordIds } from "@modlink/core";
import type { Knex } from "knex";
import { runSql } from "../driver/run-sql";
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
 *
 * The keys are computed here, merged (a key asked for both ways is taken
 * exclusively) and sorted, so the database only takes them in the order
 * given: hashing, grouping and sorting them in SQL cost PostgreSQL more
 * than the upsert they guard (a one-pair create, 4 in flight, ran at 57% of
 * the throughput of the same upsert without locks; with the keys bound, 80%).
 */
export function recordLockQuery(records: readonly RecordIds[]): Sql | undefined {
  const exclusiveOf = new Map<number, boolean>();
  const ask = (key: number, exclusive: boolean) => {
    if (exclusive || !exclusiveOf.has(key)) exclusiveOf.set(key, exclusive);
  };
  for (const { module, key, ids, shared } of records) {
    const scope = scopeKey(module, key);
    const exclusive = shared !== true;
    // Every record, or past this many ids (when nearly every bucket is hit
    // anyway): lock all buckets rather than hash every id.
    if (ids === undefined || ids.length > WHOLE_SCOPE_IDS) {
      for (let bucket = 0; bucket < BUCKETS; bucket++) ask(scope + bucket, exclusive);
      continue;
    }
    for (const id of ids) ask(scope + bucketOf(id), exclusive);
  }
  if (exclusiveOf.size === 0) return undefined;
  const keys = [...exclusiveOf.keys()].sort((a, b) => a - b);
  // unnest reads the arrays out in storage order: the locks are taken in the order sorted here.
  return {
    text:
      `select case when v."exclusive" then pg_advisory_xact_lock(v."key") else pg_advisory_xact_lock_shared(v."key") end ` +
      `from unnest(?::bigint[], ?::boolean[]) as v("key", "exclusive")`,
    bindings: [keys, keys.map((key) => exclusiveOf.get(key) === true)],
  };
}

/**
 * The first lock key of a module key's buckets: a signed 32-bit hash of
 * its name times BUCKETS, so every key fits in a bigint and a JavaScript
 * number. Every process must compute the same keys: this hash and
 * `bucketOf` are part of the locking protocol, and changing either makes
 * processes of two versions miss each other's locks.
 */
function scopeKey(module: string, key: string): number {
  const name = `modlink:${module}:${key}`;
  let scope = scopeKeys.get(name);
  if (scope === undefined) scopeKeys.set(name, (scope = fnv1a(name) * BUCKETS));
  return scope;
}

/** Scope keys by name; module keys come from link definitions, so this stays as small as the link graph. */
const scopeKeys = new Map<string, number>();

function bucketOf(id: string): number {
  return fnv1a(id) & (BUCKETS - 1);
}

/** FNV-1a over UTF-16 code units, as a signed 32-bit integer. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
