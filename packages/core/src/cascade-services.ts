import { CascadeError, LinkDefinitionError, LinkSetupError, LinkStoreError } from "./errors";
import type { LinkGraph } from "./link-graph";
import type { LinkStore } from "./link-store";
import { type CascadeContext, type KeyedIds, type LinkableModuleService, ModuleWriteModes, type ModuleServices } from "./module-service";
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

/**
 * Checks, before anything is written, that every module a cascade may reach
 * has a usable service, and that services which join the store's transaction
 * have one to join.
 */
export function assertServices(
  needed: Iterable<string>,
  lookup: (module: string) => LinkableModuleService | undefined,
  operation: string,
  store: LinkStore,
): void {
  const modules = [...needed];
  const missing = modules.filter((module) => !lookup(module));
  if (missing.length > 0) {
    throw new LinkSetupError(
      "MISSING_SERVICE",
      `${operation}() may cascade into module(s) ${missing.map((m) => `"${m}"`).join(", ")}, but no service was given for them. ` +
        `Pass services: { ${missing.map((m) => `${m}: <LinkableModuleService>`).join(", ")} } to RemoteLink (or register them in the container).`,
    );
  }
  for (const module of modules) {
    const mode = (lookup(module) as LinkableModuleService).writeMode;
    if (mode !== undefined && !ModuleWriteModes.includes(mode)) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `The service of module "${module}" declares writeMode ${JSON.stringify(mode)}; use one of ${ModuleWriteModes.map((m) => `"${m}"`).join(", ")}.`,
      );
    }
    if (mode === "joins-transaction" && !store.capabilities.outerTransaction) {
      throw new LinkStoreError(
        "MISSING_CAPABILITY",
        `The service of module "${module}" declares writeMode "joins-transaction", but this link store has no transaction a module can join, ` +
          `so a rollback would not undo its writes. Declare writeMode "separate" (compensated on failure) or use a store such as KnexLinkStore.`,
      );
    }
  }
}

/** True when a failed cascade must undo this service's work itself: the rollback does not reach it. */
export function needsCompensation(service: LinkableModuleService): boolean {
  return (service.writeMode ?? "separate") === "separate";
}

/**
 * One change a cascade made in a `"separate"` module, remembered so it can be
 * undone. Changes of modules that join the transaction are never remembered:
 * the rollback undoes them.
 */
export interface ModuleChange {
  readonly module: string;
  readonly model: string;
  readonly ids: readonly string[];
  /** The deletion the records were deleted or restored within; their undo keeps it. */
  readonly deletionId: string;
}

/** Calls a service, turning a throw into a CascadeError naming the module. */
export async function callService(
  service: LinkableModuleService,
  call: Omit<ModuleChange, "deletionId">,
  operation: "delete" | "restore",
  context: CascadeContext,
): Promise<KeyedIds> {
  try {
    const result =
      operation === "delete" ? await service.softDeleteRecords(call.model, call.ids, context) : await service.restoreRecords(call.model, call.ids, context);
    return result ?? {};
  } catch (cause) {
    throw new CascadeError({ module: call.module, operation, cause });
  }
}

/** A module change that could not be undone. */
export interface UndoFailure {
  readonly module: string;
  readonly error: unknown;
}

/** Undoes module changes, newest first, each within its own deletion; returns what could not be undone. */
async function undoChanges(
  changes: readonly ModuleChange[],
  lookup: (module: string) => LinkableModuleService | undefined,
  undo: "delete" | "restore",
  transaction: unknown,
): Promise<UndoFailure[]> {
  const failures: UndoFailure[] = [];
  for (const change of [...changes].reverse()) {
    const service = lookup(change.module);
    if (!service || change.ids.length === 0) continue;
    const context: CascadeContext = { transaction, deletionId: change.deletionId };
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
 * Undoes the `"separate"` module changes of a failed cascade. Inside a host
 * transaction the undo joins it: that transaction is still open (only our
 * savepoint rolled back) and may hold the only connection. Failures are
 * attached to the original error rather than hiding it.
 */
export async function compensate(
  changes: readonly ModuleChange[],
  lookup: (module: string) => LinkableModuleService | undefined,
  undo: "delete" | "restore",
  error: unknown,
  outer: unknown,
): Promise<void> {
  const failures = await undoChanges(changes, lookup, undo, outer);
  if (failures.length > 0 && error instanceof Error) {
    Object.defineProperty(error, "compensationErrors", { value: failures.map((f) => f.error), enumerable: true });
  }
}

/**
 * A store may run a unit of work again (after a deadlock): before the new
 * attempt, undo what the failed one did in `"separate"` modules, within the
 * new transaction. Work of modules that joined the transaction was rolled
 * back with it and is not touched.
 */
export async function undoFailedAttempt(
  changes: readonly ModuleChange[],
  lookup: (module: string) => LinkableModuleService | undefined,
  undo: "delete" | "restore",
  transaction: unknown,
): Promise<void> {
  const [failure] = await undoChanges(changes, lookup, undo, transaction);
  if (failure) throw new CascadeError({ module: failure.module, operation: undo === "restore" ? "delete" : "restore", cause: failure.error });
}
