import { ArrivedThrough } from "./arrived-through";
import { type LinkSide, type SideName, otherSide } from "./define-link";
import { groupBy } from "./group-by";
import type { LinkStoreTransaction, RestoreTarget } from "./link-store";
import type { LinkTable } from "./link-table";
import type { LinkableModuleService } from "./module-service";
import type { RecordSet } from "./parse-records";
import { RecordSets } from "./record-sets";
import {
  type ModuleChange,
  assertServices,
  callService,
  compensate,
  modulesReachedByCascade,
  needsCompensation,
  undoFailedAttempt,
} from "./cascade-services";
import type { CascadeDeps } from "./cascade-delete";
import type { RestoreResult } from "./cascade-result";

/** Records to restore links from, by module and key. */
type Frontier = Map<string, Map<string, RestoreTarget[]>>;

function addTargets(frontier: Frontier, module: string, key: string, targets: readonly RestoreTarget[]): void {
  if (targets.length === 0) return;
  let byKey = frontier.get(module);
  if (!byKey) frontier.set(module, (byKey = new Map()));
  byKey.set(key, [...(byKey.get(key) ?? []), ...targets]);
}

/** A partner record a revived link says the cascade had deleted. */
interface Revived {
  readonly partner: LinkSide;
  readonly id: string;
  readonly deletionId: string;
  /** The link table and the partner's side in it. */
  readonly table: LinkTable;
  readonly side: SideName;
}

interface RestoreWalk {
  readonly tx: LinkStoreTransaction;
  readonly visited: RecordSets;
  readonly restored: RecordSets;
  readonly links: Record<string, number>;
  /** Changes of `"separate"` modules, which no rollback undoes. */
  readonly compensable: ModuleChange[];
}

/**
 * Undoes the cascades that deleted the roots' links: revives rows the
 * cascade deleted from the roots' side (never dismissed ones), restores the
 * partner records that cascade itself deleted, and continues from them
 * within the same deletion only.
 */
export async function cascadeRestore(deps: CascadeDeps, roots: readonly RecordSet[], outer: unknown): Promise<RestoreResult> {
  assertServices(modulesReachedByCascade(deps.graph, roots), deps.lookup, "restore", deps.store);
  let walk: RestoreWalk | undefined;
  try {
    await deps.store.transaction(
      async (tx) => {
        if (walk) await undoFailedAttempt(walk.compensable, deps.lookup, "delete", tx.handle);
        const attempt: RestoreWalk = { tx, visited: new RecordSets(), restored: new RecordSets(), links: {}, compensable: [] };
        walk = attempt;
        let level: RestoreLevel = { frontier: new Map(), arrived: new ArrivedThrough() };
        for (const root of roots) {
          const fresh = attempt.visited.add(root.module, root.key, root.ids);
          addTargets(level.frontier, root.module, root.key, fresh.map((id) => ({ id, deletionId: null })));
        }
        while (level.frontier.size > 0) level = await restoreLevel(deps, attempt, level.frontier, level.arrived);
      },
      { outer },
    );
  } catch (error) {
    // Re-deleted within the deletions that had removed them, so a later restore is exact.
    if (walk) await compensate(walk.compensable, deps.lookup, "delete", error, outer);
    throw error;
  }
  const done = walk as RestoreWalk;
  return { records: done.restored.toObject(), links: done.links };
}

/** A level's records to restore links from, and the unique link ends they were reached through. */
interface RestoreLevel {
  readonly frontier: Frontier;
  readonly arrived: ArrivedThrough;
}

async function restoreLevel(deps: CascadeDeps, walk: RestoreWalk, frontier: Frontier, arrived: ArrivedThrough): Promise<RestoreLevel> {
  // A concurrent delete of the same records waits, so it sees this level revived in every link table or in none.
  await walk.tx.lockRecords(
    [...frontier].flatMap(([module, byKey]) => [...byKey].map(([key, targets]) => ({ module, key, ids: targets.map((t) => t.id) }))),
  );
  const revived: Revived[] = [];
  for (const [module, byKey] of frontier) {
    for (const [key, levelTargets] of byKey) {
      for (const end of deps.graph.endsOf(module, key)) {
        // The deletion reached a record through this end from the other side: it deleted nothing from this one.
        const targets = arrived.others(end.table, end.side, levelTargets, (target) => target.id);
        if (targets.length === 0) continue;
        const rows = await walk.tx.restoreLinks(end.table, end.side, targets);
        walk.links[end.table.name] = (walk.links[end.table.name] ?? 0) + rows.length;
        const partnerSide = otherSide(end.side);
        const partner = end.definition[partnerSide] as LinkSide;
        for (const row of rows) {
          if (row.cascaded) revived.push({ partner, id: row[partnerSide], deletionId: row.deletionId, table: end.table, side: partnerSide });
        }
      }
    }
  }
  const next: Frontier = new Map();
  const nextArrived = new ArrivedThrough();
  for (const [module, sameModule] of groupBy(revived, (r) => r.partner.module)) {
    const service = deps.lookup(module) as LinkableModuleService;
    for (const [model, sameModel] of groupBy(sameModule, (r) => r.partner.model)) {
      // A record restores within the deletion that removed it, so one call per deletion.
      for (const [deletionId, sameDeletion] of groupBy(sameModel, (r) => r.deletionId)) {
        const key = (sameDeletion[0] as Revived).partner.key;
        // Not `visited`: a root the deletion had cascaded to (another delete took it as a root
        // later, finding it gone) is restored here, or no restore of that deletion would reach it.
        const ids = [...new Set(sameDeletion.map((r) => r.id))].filter((id) => !walk.restored.has(module, key, id));
        if (ids.length === 0) continue;
        const result = await callService(service, { module, model, ids }, "restore", { transaction: walk.tx.handle, deletionId });
        if (needsCompensation(service)) walk.compensable.push({ module, model, ids: [...(result[key] ?? [])], deletionId });
        const own = new Set(result[key] ?? []);
        for (const [resultKey, resultIds] of Object.entries(result)) {
          walk.restored.add(module, resultKey, resultIds);
          const fresh = walk.visited.add(module, resultKey, resultIds);
          addTargets(next, module, resultKey, fresh.map((id) => ({ id, deletionId })));
        }
        for (const r of sameDeletion) if (own.has(r.id)) nextArrived.add(r.table, r.side, [r.id]);
      }
    }
  }
  return { frontier: next, arrived: nextArrived };
}
