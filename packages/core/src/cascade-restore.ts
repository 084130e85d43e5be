import { ArrivedThrough } from "./arrived-through";
import { type LinkSide, type SideName, otherSide } from "./define-link";
import { groupBy } from "./group-by";
import type { LinkEnd } from "./link-graph";
import type { LinkStoreTransaction, RestoreTarget, RevivedRecord } from "./link-store";
import type { LinkTable } from "./link-table";
import type { LinkableModuleService } from "./module-service";
import type { RecordSet } from "./parse-records";
import type { RecordTable } from "./sql-soft-delete";
import { RecordSets } from "./record-sets";
import { type ModuleChange, assertServices, callService, compensate, modulesReachedByCascade, needsCompensation, undoFailedAttempt } from "./cascade-services";
import type { CascadeDeps } from "./cascade-delete";
import type { RestoreResult } from "./cascade-result";
import { checkSqlSoftDeletes, moduleStep, sqlSteps } from "./cascade-sql-steps";

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
  const reached = modulesReachedByCascade(deps.graph, roots);
  assertServices(reached, deps.lookup, "restore", deps.store);
  checkSqlSoftDeletes(deps.graph, reached, deps.lookup, deps.store);
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
          addTargets(
            level.frontier,
            root.module,
            root.key,
            fresh.map((id) => ({ id, deletionId: null })),
          );
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

/** A link end this level revives rows of, for the level's `targets` on `end.side`. */
interface RestoreStep {
  readonly end: LinkEnd;
  readonly targets: readonly RestoreTarget[];
  readonly partnerSide: SideName;
  readonly partner: LinkSide;
}

async function restoreLevel(deps: CascadeDeps, walk: RestoreWalk, frontier: Frontier, arrived: ArrivedThrough): Promise<RestoreLevel> {
  const steps: RestoreStep[] = [];
  for (const [module, byKey] of frontier) {
    for (const [key, levelTargets] of byKey) {
      for (const end of deps.graph.endsOf(module, key)) {
        // The deletion reached a record through this end from the other side: it deleted nothing from this one.
        const targets = arrived.others(end.table, end.side, levelTargets, (target) => target.id);
        const partnerSide = otherSide(end.side);
        if (targets.length > 0) steps.push({ end, targets, partnerSide, partner: end.definition[partnerSide] as LinkSide });
      }
    }
  }
  const next: Frontier = new Map();
  const nextArrived = new ArrivedThrough();
  // No link of these records is left to revive: nothing to make others wait for.
  if (steps.length === 0) return { frontier: next, arrived: nextArrived };
  // A concurrent delete of the same records waits, so it sees this level revived in every link table or in none.
  await walk.tx.lockRecords([...frontier].flatMap(([module, byKey]) => [...byKey].map(([key, targets]) => ({ module, key, ids: targets.map((t) => t.id) }))));
  const restoreWithRecords = walk.tx.restoreLinksAndRecords?.bind(walk.tx);
  const inOneStatement = restoreWithRecords ? sqlSteps(deps.store, deps.lookup, steps, ["all", "orphans"]) : new Map<RestoreStep, RecordTable>();
  const revived: Revived[] = [];
  for (const step of steps) {
    const { end, targets, partnerSide, partner } = step;
    const records = inOneStatement.get(step);
    if (records && restoreWithRecords) {
      const restored = await restoreInOneStatement(walk, step, records, restoreWithRecords);
      const ids = restored.map((record) => record.id);
      const fresh = new Set(walk.visited.add(partner.module, partner.key, ids));
      addTargets(
        next,
        partner.module,
        partner.key,
        restored.filter((record) => fresh.has(record.id)),
      );
      nextArrived.add(end.table, partnerSide, ids);
      continue;
    }
    const { count, cascaded } = await walk.tx.restoreLinks(end.table, end.side, targets);
    walk.links[end.table.name] = (walk.links[end.table.name] ?? 0) + count;
    for (const row of cascaded) revived.push({ partner, id: row[partnerSide], deletionId: row.deletionId, table: end.table, side: partnerSide });
  }
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
          addTargets(
            next,
            module,
            resultKey,
            fresh.map((id) => ({ id, deletionId })),
          );
        }
        for (const r of sameDeletion) if (own.has(r.id)) nextArrived.add(r.table, r.side, [r.id]);
      }
    }
  }
  return { frontier: next, arrived: nextArrived };
}

/** A step the store runs as one statement with its partner records (see `sqlSteps`); returns the records restored. */
async function restoreInOneStatement(
  walk: RestoreWalk,
  { end, targets, partner }: RestoreStep,
  records: RecordTable,
  restoreWithRecords: NonNullable<LinkStoreTransaction["restoreLinksAndRecords"]>,
): Promise<readonly RevivedRecord[]> {
  const { count, restored } = await moduleStep(partner.module, "restore", () => restoreWithRecords(end.table, end.side, targets, records));
  walk.links[end.table.name] = (walk.links[end.table.name] ?? 0) + count;
  walk.restored.add(
    partner.module,
    partner.key,
    restored.map((record) => record.id),
  );
  return restored;
}
