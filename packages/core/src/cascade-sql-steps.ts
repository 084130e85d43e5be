import type { CascadeMode, LinkSide } from "./define-link";
import { CascadeError, LinkStoreError } from "./errors";
import { groupBy } from "./group-by";
import type { LinkGraph } from "./link-graph";
import type { LinkStore } from "./link-store";
import type { LinkableModuleService } from "./module-service";
import { type RecordTable, recordTableOf } from "./sql-soft-delete";

/** One link end a cascade level goes through, and the side it leads to. */
export interface CascadeStep {
  readonly partner: LinkSide;
}

/**
 * The steps of one level the store can run as one statement with their
 * partner records (`softDeleteLinksAndRecords` / `restoreLinksAndRecords`),
 * with the table of those records: the partner side cascades in one of
 * `modes`, its module describes the model in the store's database
 * (`sqlSoftDelete`), and no other cascading step of the level leads to the
 * same model. Steps sharing a model
 * stay with the module service, which gets their records in one call and
 * whose result marks each of their links alike.
 */
export function sqlSteps<S extends CascadeStep>(
  store: LinkStore,
  lookup: (module: string) => LinkableModuleService | undefined,
  steps: readonly S[],
  modes: readonly CascadeMode[],
): Map<S, RecordTable> {
  const tables = new Map<S, RecordTable>();
  const database = store.capabilities.sqlDatabase;
  if (database === undefined) return tables;
  const cascading = steps.filter((step) => step.partner.cascade !== "none");
  for (const sameModel of groupBy(cascading, (step) => `${step.partner.module}\u0000${step.partner.model}`).values()) {
    const [step] = sameModel;
    if (sameModel.length !== 1 || step === undefined || !modes.includes(step.partner.cascade)) continue;
    const service = lookup(step.partner.module);
    const table = service && recordTableOf(service, step.partner.module, step.partner.model, database);
    if (table) tables.set(step, table);
  }
  return tables;
}

/**
 * Checks, before anything is written, the `sqlSoftDelete` of every module
 * whose records a cascade from these modules may reach, for the models it
 * may reach, so a bad declaration fails the call instead of a later step.
 */
export function checkSqlSoftDeletes(
  graph: LinkGraph,
  modules: Iterable<string>,
  lookup: (module: string) => LinkableModuleService | undefined,
  store: LinkStore,
): void {
  const database = store.capabilities.sqlDatabase;
  if (database === undefined) return;
  const reached = new Set(modules);
  for (const module of graph.modules) {
    for (const end of graph.endsOf(module)) {
      const partner = end.definition[end.side === "left" ? "right" : "left"];
      if (partner.cascade === "none" || !reached.has(partner.module)) continue;
      const service = lookup(partner.module);
      if (service?.sqlSoftDelete !== undefined) recordTableOf(service, partner.module, partner.model, database);
    }
  }
}

/**
 * Runs a step the store makes in one statement with a module's records: a
 * statement failure there (a trigger, a constraint, a missing column of the
 * module's table) is the module's write failing, so it surfaces as the
 * service's would, `CASCADE_FAILED` naming the module. Cardinality,
 * connection and conflict errors keep their own codes (a conflict is still
 * retried by the store: it finds the cause).
 */
export async function moduleStep<T>(module: string, operation: "delete" | "restore", step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof LinkStoreError && error.code === "STORE_FAILURE") throw new CascadeError({ module, operation, cause: error });
    throw error;
  }
}
