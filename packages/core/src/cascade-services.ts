import { CascadeError, LinkSetupError } from "./errors";
import type { LinkGraph } from "./link-graph";
import type { CascadeContext, KeyedIds, LinkableModuleService, ModuleServices } from "./module-service";
import type { RecordSet } from "./parse-records";

/** Finds module services by name from a map or a resolver function. */
export function serviceLookup(services: ModuleServices | undefined): (module: string) => LinkableModuleService | undefined {
  if (!services) return () => undefined;
  if (typeof services === "function") return services;
  return (module) => (Object.hasOwn(services, module) ? services[module] : undefined);
}

/**
 * Modules whose records a cascade from these roots could reach, found by
 * walking the definitions (not the data), so a missing service is reported
 * before anything is written.
 */
export function modulesReachedByCascade(graph: LinkGraph, roots: readonly RecordSet[]): Set<string> {
  const needed = new Set<string>();
  const seenModules = new Set<string>();
  let frontier = [...new Set(roots.map((r) => r.module))];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const module of frontier) {
      if (seenModules.has(module)) continue;
      seenModules.add(module);
      for (const end of graph.endsOf(module)) {
        const partner = end.definition[end.side === "left" ? "right" : "left"];
        if (partner.cascade === "none") continue;
        needed.add(partner.module);
        next.push(partner.module);
      }
    }
    frontier = next;
  }
  return needed;
}

export function assertServices(needed: Iterable<string>, lookup: (module: string) => LinkableModuleService | undefined, operation: string): void {
  const missing = [...needed].filter((module) => !lookup(module));
  if (missing.length > 0) {
    throw new LinkSetupError(
      "MISSING_SERVICE",
      `${operation}() may cascade into module(s) ${missing.map((m) => `"${m}"`).join(", ")}, but no service was given for them. ` +
        `Pass services: { ${missing.map((m) => `${m}: <LinkableModuleService>`).join(", ")} } to RemoteLink (or register them in the container).`,
    );
  }
}

/** One module change a cascade made, remembered so it can be undone. */
export interface ModuleChange {
  readonly module: string;
  readonly model: string;
  readonly ids: readonly string[];
}

/** Calls a service, turning a throw into a CascadeError naming the module. */
export async function callService(
  service: LinkableModuleService,
  change: ModuleChange,
  operation: "delete" | "restore",
  context: CascadeContext,
): Promise<KeyedIds> {
  try {
    const result =
      operation === "delete"
        ? await service.softDeleteRecords(change.model, change.ids, context)
        : await service.restoreRecords(change.model, change.ids, context);
    return result ?? {};
  } catch (cause) {
    throw new CascadeError({ module: change.module, operation, cause });
  }
}

/** A module change that could not be undone. */
export interface UndoFailure {
  readonly module: string;
  readonly error: unknown;
}

/** Undoes module changes, newest first; returns what could not be undone. */
export async function undoChanges(
  changes: readonly ModuleChange[],
  lookup: (module: string) => LinkableModuleService | undefined,
  undo: "delete" | "restore",
  context: CascadeContext,
): Promise<UndoFailure[]> {
  const failures: UndoFailure[] = [];
  for (const change of [...changes].reverse()) {
    const service = lookup(change.module);
    if (!service || change.ids.length === 0) continue;
    try {
      if (undo === "restore") await service.restoreRecords(change.model, change.ids, context);
      else await service.softDeleteRecords(change.model, change.ids, context);
    } catch (error) {
      failures.push({ module: change.module, error });
    }
  }
  return failures;
}

/**
 * Undoes module changes after a failed cascade. Inside a host transaction
 * the undo joins it: that transaction is still open (only our savepoint
 * rolled back) and may hold the only connection. Failures are attached to
 * the original error rather than hiding it.
 */
export async function compensate(
  changes: readonly ModuleChange[],
  lookup: (module: string) => LinkableModuleService | undefined,
  undo: "delete" | "restore",
  deletionId: string,
  error: unknown,
  outer: unknown,
): Promise<void> {
  const failures = await undoChanges(changes, lookup, undo, { transaction: outer, deletionId });
  if (failures.length > 0 && error instanceof Error) {
    Object.defineProperty(error, "compensationErrors", { value: failures.map((f) => f.error), enumerable: true });
  }
}

/**
 * A store may run a unit of work again (after a serialization failure):
 * before the new attempt, undo what the failed one did in modules, within
 * the new transaction.
 */
export async function undoFailedAttempt(
  changes: readonly ModuleChange[],
  lookup: (module: string) => LinkableModuleService | undefined,
  undo: "delete" | "restore",
  context: CascadeContext,
): Promise<void> {
  const [failure] = await undoChanges(changes, lookup, undo, context);
  if (failure) throw new CascadeError({ module: failure.module, operation: undo === "restore" ? "delete" : "restore", cause: failure.error });
}
