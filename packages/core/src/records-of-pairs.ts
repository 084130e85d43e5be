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
  records.add(table.left.module, table.left.key, pairs.map((pair) => pair.left));
  records.add(table.right.module, table.right.key, pairs.map((pair) => pair.right));
}
