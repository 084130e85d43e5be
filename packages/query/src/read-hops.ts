import type { LinkStore, StoredLink } from "@modlink/core";
import { type FetchScope, type FetchedRecords, type Row, fetchTask, keyOf, runFetches } from "./fetch-records";
import type { Attachment, Hop, HopResult } from "./hop";
import type { LinkRelation } from "./query-entity";
import type { RecordBudget } from "./record-budget";
import type { SqlJoins } from "./sql-joins";

export interface HopContext extends FetchScope {
  readonly store: LinkStore | undefined;
  /** The co-located fast path, when the store can join and some module shares its database. */
  readonly joins?: SqlJoins | undefined;
  /** Bounds every read of the call. */
  readonly budget: RecordBudget;
}

/**
 * Follows several relations at once, set-based. A hop between co-located
 * modules is one joined read. The others go the general way: first every
 * link table read, one after another in one store transaction; then one
 * module fetch per hop, scheduled by `runFetches`. No two phases overlap, so
 * a store and modules sharing one connection never wait on each other.
 */
export async function readHops(context: HopContext, hops: readonly Hop[]): Promise<HopResult[]> {
  const joins = context.joins;
  const reads = hops.map((hop) => joins?.hopRead(hop, context.withDeleted, context.budget.readLimit));
  const general = await readGeneralHops(
    context,
    hops.filter((_, index) => reads[index] === undefined),
  );
  const results: HopResult[] = [];
  // Joined reads one after another: the store may have a single connection.
  for (const [index, read] of reads.entries()) {
    if (!read || !joins) {
      results.push(general.shift() as HopResult);
      continue;
    }
    const { result, rows } = await joins.readHop(read);
    context.budget.checkRead(rows, reachedBy(hops[index] as Hop), NARROW);
    results.push(result);
  }
  return results;
}

async function readGeneralHops(context: HopContext, hops: readonly Hop[]): Promise<HopResult[]> {
  const links = await readLinks(context, hops);
  const fetched = await runFetches(hops.map((hop, index) => targetFetch(context, hop, links[index])));
  return hops.map((hop, index) => {
    const rows = fetched[index] as FetchedRecords;
    context.budget.checkRead(rows.rows.length, reachedBy(hop), NARROW);
    return attach(hop, links[index], rows, context.budget);
  });
}

async function readLinks(context: HopContext, hops: readonly Hop[]): Promise<(StoredLink[] | undefined)[]> {
  const linkHops = hops.filter((hop): hop is Hop & { relation: LinkRelation } => hop.relation.kind === "link" && hop.parents.length > 0);
  if (linkHops.length === 0) return hops.map(() => undefined);
  const store = context.store;
  if (!store) throw new Error("internal: a link relation without a store");
  const read = new Map<Hop, StoredLink[]>();
  await store.transaction(async (tx) => {
    for (const hop of linkHops) {
      const parentIds = [...new Set(hop.parents.map((row) => keyOf(row, hop.relation.from)))];
      const filter = { [hop.relation.fromSide]: parentIds, withDeleted: context.withDeleted, limit: context.budget.readLimit };
      const links = await tx.listLinks(hop.relation.table, filter);
      context.budget.checkRead(links.length, reachedBy(hop), NARROW);
      read.set(hop, links);
    }
  });
  return hops.map((hop) => (hop.relation.kind === "link" ? (read.get(hop) ?? []) : undefined));
}

function targetFetch(context: HopContext, hop: Hop, links: readonly StoredLink[] | undefined) {
  const { relation } = hop;
  if (relation.kind === "link") {
    const ids = (links ?? []).map((link) => link[relation.toSide]);
    return fetchTask(relation.to, { ids, fields: hop.fields }, context);
  }
  const budget = context.budget;
  const present = hop.parents.map((row) => row[relation.fromField]).filter((value) => value !== null && value !== undefined);
  const values = [...new Map(present.map((value) => [String(value), value])).values()];
  const request = {
    conditions: [{ field: relation.toField, op: "in" as const, value: values }],
    fields: [...hop.fields, relation.toField],
    take: budget.readLimit,
  };
  // No parent holds a key: nothing to fetch, which an empty `ids` tells fetchTask.
  return fetchTask(relation.to, values.length === 0 ? { ...request, ids: [] } : request, context);
}

/** What to do when a relation reads too much: nested paging happens after the read, so only fewer parents help. */
const NARROW = "Take a smaller root page or narrow the filters (paging a nested list does not shrink what is read).";

function reachedBy(hop: Hop): string {
  return `Following "${hop.relation.name}" from ${hop.parents.length} ${hop.relation.from.model} records reached`;
}

/** Attachments by parent; each counts against the budget, as several parents may share one key. */
function attach(hop: Hop, links: readonly StoredLink[] | undefined, fetched: FetchedRecords, budget: RecordBudget): HopResult {
  const { relation } = hop;
  const result: HopResult = new Map();
  let attached = 0;
  const push = (parentKey: string, attachment: Attachment) => {
    budget.checkRead(++attached, reachedBy(hop), NARROW);
    pushTo(result, parentKey, attachment);
  };
  if (relation.kind === "link") {
    // A live link to a record its module no longer returns (soft-deleted) is left out.
    const targets = new Map(fetched.rows.map((row) => [keyOf(row, relation.to), row]));
    for (const link of links ?? []) {
      const record = targets.get(link[relation.toSide]);
      if (record) push(link[relation.fromSide], { record, link });
    }
    return result;
  }
  const byValue = new Map<string, Row[]>();
  for (const row of fetched.rows) pushTo(byValue, String(row[relation.toField]), row);
  for (const parent of hop.parents) {
    const value = parent[relation.fromField];
    if (value === null || value === undefined) continue;
    for (const record of byValue.get(String(value)) ?? []) push(keyOf(parent, relation.from), { record, link: undefined });
  }
  return result;
}

function pushTo<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
