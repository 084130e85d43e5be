import { ArrivedThrough } from "./arrived-through";
import { type LinkSide, type SideName, otherSide } from "./define-link";
import { groupBy } from "./group-by";
import { newLinkId } from "./link-id";
import type { LinkEnd, LinkGraph } from "./link-graph";
import type { DeletionStamp, LinkStore, LinkStoreTransaction } from "./link-store";
import type { LinkableModuleService } from "./module-service";
import type { RecordSet } from "./parse-records";
import type { RecordTable } from "./sql-soft-delete";
import { RecordSets } from "./record-sets";
import { type ModuleChange, assertServices, callService, compensate, modulesReachedByCascade, needsCompensation, undoFailedAttempt } from "./cascade-services";
import type { DeleteResult } from "./cascade-result";
import { checkSqlSoftDeletes, moduleStep, sqlSteps } from "./cascade-sql-steps";

export interface CascadeDeps {
  readonly graph: LinkGraph;
  readonly store: LinkStore;
  readonly lookup: (module: string) => LinkableModuleService | undefined;
}

/** Partner records of one link end that the cascade may delete. */
interface Candidate {
  readonly end: LinkEnd;
  readonly partnerSide: SideName;
  readonly partner: LinkSide;
  /** The level's records whose links on this end were deleted. */
  readonly levelIds: readonly string[];
  /** Every partner of those links: `softDeleteLinks` marked each as deleted too. */
  readonly partnerIds: readonly string[];
  /** The partners still to delete (not visited, and not kept by other links). */
  ids: string[];
}

/** State of one delete walk; each level returns the next frontier. */
interface DeleteWalk {
  readonly tx: LinkStoreTransaction;
  readonly stamp: DeletionStamp;
  readonly visited: RecordSets;
  readonly deleted: RecordSets;
  readonly links: Record<string, number>;
  /** Changes of `"separate"` modules, which no rollback undoes. */
  readonly compensable: ModuleChange[];
}

/**
 * Soft-deletes every link of the roots and, breadth-first, the records on
 * `deleteCascade` sides and their links. One transaction for all link
 * changes and the changes of modules that join it; if anything fails, the
 * rollback undoes those and `"separate"` modules are compensated.
 */
export async function cascadeDelete(deps: CascadeDeps, roots: readonly RecordSet[], outer: unknown): Promise<DeleteResult> {
  const reached = modulesReachedByCascade(deps.graph, roots);
  assertServices(reached, deps.lookup, "delete", deps.store);
  checkSqlSoftDeletes(deps.graph, reached, deps.lookup, deps.store);
  const stamp: DeletionStamp = { deletionId: newLinkId("del"), at: new Date() };
  let walk: DeleteWalk | undefined;
  try {
    await deps.store.transaction(
      async (tx) => {
        if (walk) await undoFailedAttempt(walk.compensable, deps.lookup, "restore", tx.handle);
        const attempt: DeleteWalk = { tx, stamp, visited: new RecordSets(), deleted: new RecordSets(), links: {}, compensable: [] };
        walk = attempt;
        let level = { frontier: new RecordSets(), arrived: new ArrivedThrough() };
        for (const root of roots) level.frontier.add(root.module, root.key, attempt.visited.add(root.module, root.key, root.ids));
        while (!level.frontier.isEmpty) level = await deleteLevel(deps, attempt, level.frontier, level.arrived);
      },
      { outer },
    );
  } catch (error) {
    if (walk) await compensate(walk.compensable, deps.lookup, "restore", error, outer);
    throw error;
  }
  const done = walk as DeleteWalk;
  return { deletionId: stamp.deletionId, records: done.deleted.toObject(), links: done.links };
}

/** A level's records, and the unique link ends they were reached through. */
interface DeleteLevel {
  readonly frontier: RecordSets;
  readonly arrived: ArrivedThrough;
}

/** A link end this level soft-deletes rows of, for the level's records `ids` on `end.side`. */
interface DeleteStep {
  readonly end: LinkEnd;
  readonly ids: readonly string[];
  readonly partnerSide: SideName;
  readonly partner: LinkSide;
}

async function deleteLevel(deps: CascadeDeps, walk: DeleteWalk, frontier: RecordSets, arrived: ArrivedThrough): Promise<DeleteLevel> {
  const steps: DeleteStep[] = [];
  for (const { module, key, ids: levelIds } of frontier.entries()) {
    for (const end of deps.graph.endsOf(module, key)) {
      // The one live row of a record reached through this end was deleted by the level before.
      const ids = arrived.others(end.table, end.side, levelIds, (id) => id);
      const partnerSide = otherSide(end.side);
      if (ids.length > 0) steps.push({ end, ids, partnerSide, partner: end.definition[partnerSide] as LinkSide });
    }
  }
  const next = new RecordSets();
  const nextArrived = new ArrivedThrough();
  // No link of these records is left to change: nothing to make others wait for.
  if (steps.length === 0) return { frontier: next, arrived: nextArrived };
  await walk.tx.lockRecords([...frontier.entries()]);
  // Orphans stay with the services: they are judged after every link of the level is gone.
  const softDeleteWithRecords = walk.tx.softDeleteLinksAndRecords?.bind(walk.tx);
  const inOneStatement = softDeleteWithRecords ? sqlSteps(deps.store, deps.lookup, steps, ["all"]) : new Map<DeleteStep, RecordTable>();
  const candidates: Candidate[] = [];
  for (const step of steps) {
    const { end, ids, partnerSide, partner } = step;
    const records = inOneStatement.get(step);
    if (records && softDeleteWithRecords) {
      const deleted = await deleteInOneStatement(walk, step, records, softDeleteWithRecords);
      next.add(partner.module, partner.key, walk.visited.add(partner.module, partner.key, deleted));
      nextArrived.add(end.table, partnerSide, deleted);
      continue;
    }
    const cascade = partner.cascade !== "none";
    // Marked in the same UPDATE as if every partner will be deleted (the
    // common case); `unmarkCascaded` below takes back the exceptions.
    const { count, pairs } = await walk.tx.softDeleteLinks(end.table, end.side, ids, walk.stamp, { cascade });
    walk.links[end.table.name] = (walk.links[end.table.name] ?? 0) + count;
    if (!cascade || pairs.length === 0) continue;
    const partnerIds = [...new Set(pairs.map((pair) => pair[partnerSide]))];
    candidates.push({
      end,
      partnerSide,
      partner,
      levelIds: ids,
      partnerIds,
      ids: partnerIds.filter((id) => !walk.visited.has(partner.module, partner.key, id)),
    });
  }
  // Orphans are judged after every link of this level is gone, so two roots
  // sharing one partner leave it an orphan; the lock makes a concurrent
  // cascade removing its other links wait, then see them gone.
  const orphanCandidates = candidates.filter((candidate) => candidate.partner.cascade === "orphans" && candidate.ids.length > 0);
  await walk.tx.lockRecords(orphanCandidates.map(({ partner, ids }) => ({ module: partner.module, key: partner.key, ids })));
  for (const candidate of orphanCandidates) {
    const live = new Set(await walk.tx.idsWithLiveLinks(candidate.end.table, candidate.partnerSide, candidate.ids));
    candidate.ids = candidate.ids.filter((id) => !live.has(id));
  }
  /** Partners the services deleted, per candidate. */
  const deletedPartners = new Map<Candidate, ReadonlySet<string>>();
  for (const [module, sameModule] of groupBy(candidates, (c) => c.partner.module)) {
    const service = deps.lookup(module) as LinkableModuleService;
    for (const [model, sameModel] of groupBy(sameModule, (c) => c.partner.model)) {
      const key = (sameModel[0] as Candidate).partner.key;
      const ids = [...new Set(sameModel.flatMap((c) => c.ids))].filter((id) => !walk.visited.has(module, key, id));
      if (ids.length === 0) continue;
      const result = await callService(service, { module, model, ids }, "delete", {
        transaction: walk.tx.handle,
        deletionId: walk.stamp.deletionId,
      });
      const own = new Set(result[key] ?? []);
      if (needsCompensation(service)) walk.compensable.push({ module, model, ids: [...own], deletionId: walk.stamp.deletionId });
      for (const [resultKey, resultIds] of Object.entries(result)) {
        walk.deleted.add(module, resultKey, resultIds);
        next.add(module, resultKey, walk.visited.add(module, resultKey, resultIds));
      }
      for (const candidate of sameModel) {
        deletedPartners.set(candidate, own);
        nextArrived.add(
          candidate.end.table,
          candidate.partnerSide,
          candidate.ids.filter((id) => own.has(id)),
        );
      }
    }
  }
  await unmarkSpared(walk, candidates, deletedPartners);
  return { frontier: next, arrived: nextArrived };
}

/** A step the store runs as one statement with its partner records (see `sqlSteps`); returns the records deleted. */
async function deleteInOneStatement(
  walk: DeleteWalk,
  { end, ids, partner }: DeleteStep,
  records: RecordTable,
  softDeleteWithRecords: NonNullable<LinkStoreTransaction["softDeleteLinksAndRecords"]>,
): Promise<readonly string[]> {
  const { count, deleted } = await moduleStep(partner.module, "delete", () => softDeleteWithRecords(end.table, end.side, ids, walk.stamp, records));
  walk.links[end.table.name] = (walk.links[end.table.name] ?? 0) + count;
  walk.deleted.add(partner.module, partner.key, deleted);
  return deleted;
}

/**
 * Clears the mark of links whose partner this level did not delete: visited
 * before, kept by other links, or not deleted by its service. Restore then
 * brings back exactly the records this cascade deleted.
 */
async function unmarkSpared(walk: DeleteWalk, candidates: readonly Candidate[], deletedPartners: ReadonlyMap<Candidate, ReadonlySet<string>>): Promise<void> {
  for (const candidate of candidates) {
    const deleted = deletedPartners.get(candidate);
    // Only partners still to delete can be deleted by this level: a visited one was not, now.
    const stillToDelete = new Set(candidate.ids);
    const spared = candidate.partnerIds.filter((id) => !(stillToDelete.has(id) && deleted?.has(id) === true));
    if (spared.length === 0) continue;
    await walk.tx.unmarkCascaded(candidate.end.table, candidate.end.side, candidate.levelIds, walk.stamp.deletionId, spared);
  }
}
