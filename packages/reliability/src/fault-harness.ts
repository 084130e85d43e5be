import { RemoteLink, linkTableOf } from "@modlink/core";
import { type RecordModules, conformanceLinks } from "@modlink/conformance";
import { canonical } from "./canonical";
import { type CascadeScenario, createLinks, recordStates, seededModules } from "./cascade-scenarios";
import { type FaultAction, FaultPoints } from "./fault-points";
import type { StoreUnderTest } from "./store-under-test";
import { type UntypedRemoteLink, untyped } from "./untyped-remote-link";

export type CascadeOperation = "delete" | "restore";

/** A store set up with a scenario, ready for the call under test. */
export interface Prepared {
  readonly remoteLink: UntypedRemoteLink;
  readonly modules: RecordModules;
  readonly faults: FaultPoints;
}

/** Every link row exactly as stored (ids, clocks, stamps) and every record's state. */
export interface StoredState {
  readonly rows: readonly string[];
  readonly records: readonly string[];
}

/** Empties the store, seeds the modules, creates the links and, before a restore, runs the delete. */
export async function prepare(target: StoreUnderTest, scenario: CascadeScenario, operation: CascadeOperation): Promise<Prepared> {
  const store = await target.fresh();
  const modules = seededModules(scenario);
  const faults = new FaultPoints((module) => modules[module as keyof RecordModules]);
  const remoteLink = untyped(new RemoteLink({ links: conformanceLinks, store, services: faults.lookup }));
  await createLinks(remoteLink, scenario);
  if (operation === "restore") await remoteLink.delete(scenario.roots);
  return { remoteLink, modules, faults };
}

export async function storedState(target: StoreUnderTest, scenario: CascadeScenario, modules: RecordModules): Promise<StoredState> {
  const tables = await target.rawTables(conformanceLinks.map(linkTableOf));
  const rows = tables.flatMap((rows, i) => rows.map((row) => canonical({ table: conformanceLinks[i]?.table, ...row })));
  return { rows: rows.sort(), records: recordStates(scenario, modules) };
}

/** The modules a clean run of the cascade calls, in order: one fault position per call. */
export async function cascadeCalls(target: StoreUnderTest, scenario: CascadeScenario, operation: CascadeOperation): Promise<string[]> {
  const { remoteLink, faults } = await prepare(target, scenario, operation);
  faults.arm(undefined);
  await remoteLink[operation](scenario.roots);
  return [...faults.seen[operation]];
}

/** One injected fault and what followed. */
export interface FaultOutcome {
  readonly position: number;
  /** The module whose call the fault hit. */
  readonly module: string | undefined;
  readonly error: unknown;
  readonly before: StoredState;
  readonly after: StoredState;
}

/**
 * Runs the scenario's cascade once per call position with `action` at that
 * call, each time on a freshly prepared store; returns what each run did.
 */
export async function injectAtEveryPosition(
  target: StoreUnderTest,
  scenario: CascadeScenario,
  operation: CascadeOperation,
  action: FaultAction,
): Promise<FaultOutcome[]> {
  const positions = (await cascadeCalls(target, scenario, operation)).length;
  const outcomes: FaultOutcome[] = [];
  for (let position = 1; position <= positions; position++) {
    const { remoteLink, modules, faults } = await prepare(target, scenario, operation);
    const before = await storedState(target, scenario, modules);
    faults.arm({ operation, onCall: position, action });
    const error = await remoteLink[operation](scenario.roots).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    outcomes.push({ position, module: faults.fired?.module, error, before, after: await storedState(target, scenario, modules) });
  }
  return outcomes;
}
