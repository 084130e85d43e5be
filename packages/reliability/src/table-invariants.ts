import { type AnyLinkDefinition, otherSide } from "@modlink/core";
import type { WorldState } from "./cascade-world";

/** What the calls of a run told us, to judge the final tables by. */
export interface RunFacts {
  /**
   * Records (`recordId`) that some successful restore reported restoring,
   * with the deletion ids that restore handed its module services.
   */
  readonly restored: ReadonlyMap<string, ReadonlySet<string>>;
  /** Deletion ids handed to module services by calls that failed: none may be stored anywhere. */
  readonly failedDeletionIds: ReadonlySet<string>;
}

export const recordId = (module: string, key: string, id: string) => JSON.stringify([module, key, id]);

/**
 * Rules the tables obey after any mix of create, dismiss, delete and restore,
 * whatever the interleaving. Returns the broken ones, in words.
 * - a "one" side has at most one live row;
 * - live rows carry no deletion stamp, stamped rows are deleted from a side;
 * - a deleted row marked cascaded names a partner record deleted by that same
 *   deletion, unless a restore brought the partner back;
 * - no row or record carries the deletion id of a call that failed;
 * - a record deleted under d in `before` is live again only if a restore handed d reported it.
 */
export function brokenTableInvariants(state: WorldState, links: readonly AnyLinkDefinition[], facts: RunFacts, before?: WorldState): string[] {
  const broken: string[] = [];
  for (const earlier of before?.records ?? []) {
    const key = recordId(earlier.module, earlier.key, earlier.id);
    const now = state.records.find((record) => recordId(record.module, record.key, record.id) === key);
    if (earlier.deletionId !== null && now?.deletionId === null && !facts.restored.get(key)?.has(earlier.deletionId)) {
      broken.push(`record ${key}: deleted under ${earlier.deletionId}, live again, but no restore of that deletion reported it`);
    }
  }
  const records = new Map(state.records.map((record) => [recordId(record.module, record.key, record.id), record]));
  for (const link of links) {
    const rows = state.rows.filter((row) => row.table === link.table);
    for (const side of ["left", "right"] as const) {
      if (link[otherSide(side)].isList) continue;
      const live = rows.filter((row) => row.live).map((row) => row[side]);
      for (const id of new Set(live)) {
        const count = live.filter((other) => other === id).length;
        if (count > 1) broken.push(`${link.table}: ${count} live rows for ${link[side].key} ${id}`);
      }
    }
    for (const row of rows) {
      const where = `${link.table} (${row.left}, ${row.right})`;
      if (row.live && (row.deletionId !== null || row.deletedFrom !== null || row.cascaded)) broken.push(`${where}: live row carries a deletion stamp`);
      if (row.deletionId !== null && (row.live || (row.deletedFrom !== "left" && row.deletedFrom !== "right")))
        broken.push(`${where}: stamped row is live or has no side`);
      if (row.deletionId !== null && facts.failedDeletionIds.has(row.deletionId)) broken.push(`${where}: carries the deletion id of a failed call`);
      if (!row.cascaded || row.live || (row.deletedFrom !== "left" && row.deletedFrom !== "right")) continue;
      const partnerSide = otherSide(row.deletedFrom);
      const partner = recordId(link[partnerSide].module, link[partnerSide].key, row[partnerSide]);
      const record = records.get(partner);
      if (record?.deletionId !== row.deletionId && !facts.restored.has(partner)) {
        const partnerState = record ? (record.deletionId ?? "live") : "missing";
        broken.push(`${where}: cascaded by ${row.deletionId}, but its partner ${partner} is ${partnerState} and no restore reported it`);
      }
    }
  }
  for (const record of state.records) {
    if (record.deletionId !== null && facts.failedDeletionIds.has(record.deletionId))
      broken.push(`record ${record.module}.${record.key}.${record.id}: carries the deletion id of a failed call`);
  }
  return broken;
}
