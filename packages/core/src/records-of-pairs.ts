import type { LinkPair, RecordIds } from "./link-store";
import { type LinkTable, sideOf } from "./link-table";
import type { ReplacePlan } from "./plan-writes";
import { RecordSets } from "./record-sets";

/**
 * The records on both sides of every pair, by module and key: what a create
 * or dismiss locks before it touches their links.
 */
export function recordsOfPairs(groups: Iterable<readonly [LinkTable, readonly LinkPair[]]>): RecordIds[] {
  const records = new RecordSets();
  for (const [table, pairs] of groups) addPairs(records, table, pairs);
  return [...records.entries()];
}

/**
 * What a create locks: the records of a side that has at most one partner
 * exclusively (two creates giving it a partner must not both pass the
 * unique index's check), the others shared, so that creates of different
 * pairs never wait for each other and only deletes, restores and replaces
 * of those records do.
 */
export function recordsOfCreate(groups: Iterable<readonly [LinkTable, readonly LinkPair[]]>): RecordIds[] {
  const exclusive = new RecordSets();
  const shared = new RecordSets();
  for (const [table, pairs] of groups) {
    (table.left.unique ? exclusive : shared).add(
      table.left.module,
      table.left.key,
      pairs.map((pair) => pair.left),
    );
    (table.right.unique ? exclusive : shared).add(
      table.right.module,
      table.right.key,
      pairs.map((pair) => pair.right),
    );
  }
  return [...exclusive.entries(), ...[...shared.entries()].map((records) => ({ ...records, shared: true }))];
}

/** The anchors of a replace and the records of the pairs it keeps. */
export function recordsOfReplace(plans: readonly ReplacePlan[]): RecordIds[] {
  const records = new RecordSets();
  for (const plan of plans) {
    const anchor = sideOf(plan.table, plan.anchorSide);
    records.add(anchor.module, anchor.key, plan.anchors);
    addPairs(records, plan.table, plan.keep);
  }
  return [...records.entries()];
}

function addPairs(records: RecordSets, table: LinkTable, pairs: readonly LinkPair[]): void {
  records.add(
    table.left.module,
    table.left.key,
    pairs.map((pair) => pair.left),
  );
  records.add(
    table.right.module,
    table.right.key,
    pairs.map((pair) => pair.right),
  );
}
