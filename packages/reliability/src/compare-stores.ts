import { canonical } from "./canonical";
import type { Command, CommandKind } from "./fuzz-commands";
import type { LinkSet } from "./link-sets";
import { LinkSession, type Observed, type Outcome } from "./link-session";
import type { StoreUnderTest } from "./store-under-test";

/** Counts of what sequences did, for summaries and for asserting the fuzz really exercised things. */
export class FuzzStats {
  sequences = 0;
  steps = 0;
  readonly byKind = new Map<CommandKind, number>();
  /** "create ok", "create CARDINALITY_VIOLATION", ... */
  readonly outcomes = new Map<string, number>();

  count(command: Command, outcome: Outcome): void {
    this.steps++;
    this.byKind.set(command.kind, (this.byKind.get(command.kind) ?? 0) + 1);
    const key = `${command.kind} ${outcome.ok ? "ok" : outcome.code}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
  }

  summary(): string {
    const outcomes = [...this.outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `  ${key}: ${n}`);
    return [`${this.sequences} sequences, ${this.steps} steps`, ...outcomes].join("\n");
  }
}

/** A step where the stores disagree or a store broke an invariant. */
export class Divergence extends Error {
  constructor(step: number, command: Command, detail: string) {
    super(`step ${step} (${command.kind} ${canonical("inputs" in command ? command.inputs : command.input)}): ${detail}`);
    this.name = "Divergence";
  }
}

function describeOutcome(outcome: Outcome): string {
  return outcome.ok ? `ok ${outcome.value}` : `${outcome.code}: ${outcome.message}`;
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return a.ok && b.ok ? a.value === b.value : !a.ok && !b.ok && a.code === b.code;
}

function difference(a: readonly unknown[], b: readonly unknown[]): string[] {
  const other = new Set(b.map((item) => canonical(item)));
  return a.map((item) => canonical(item)).filter((item) => !other.has(item));
}

function compareObserved(reference: string, a: Observed, candidate: string, b: Observed): string | undefined {
  const broken = [...a.broken, ...b.broken];
  if (broken.length > 0) return `invariants broken: ${broken.join("; ")}`;
  const onlyA = difference(a.rows, b.rows);
  const onlyB = difference(b.rows, a.rows);
  if (onlyA.length + onlyB.length > 0) return `link rows differ.\n only in ${reference}: ${onlyA.join("\n   ")}\n only in ${candidate}: ${onlyB.join("\n   ")}`;
  if (canonical(a.modules) !== canonical(b.modules))
    return `module records differ: ${reference} deleted ${canonical(a.modules)}, ${candidate} deleted ${canonical(b.modules)}`;
  return undefined;
}

/**
 * Runs `commands` on the reference store and on the candidate, one step at a
 * time, and throws a Divergence at the first step where the outcome (ok or
 * error code), the link rows, the module records or an invariant differ.
 */
export async function compareStores(
  set: LinkSet,
  commands: readonly Command[],
  reference: StoreUnderTest,
  candidate: StoreUnderTest,
  stats?: FuzzStats,
): Promise<void> {
  const a = await LinkSession.start(reference, set);
  const b = await LinkSession.start(candidate, set);
  for (const [step, command] of commands.entries()) {
    const outcomeA = await a.apply(command, step);
    const outcomeB = await b.apply(command, step);
    stats?.count(command, outcomeA);
    for (const [name, outcome] of [
      [reference.name, outcomeA],
      [candidate.name, outcomeB],
    ] as const) {
      if (!outcome.ok && outcome.code.startsWith("NOT A")) throw new Divergence(step, command, `${name} threw an untyped error: ${outcome.message}`);
    }
    if (!sameOutcome(outcomeA, outcomeB)) {
      throw new Divergence(
        step,
        command,
        `outcomes differ.\n ${reference.name}: ${describeOutcome(outcomeA)}\n ${candidate.name}: ${describeOutcome(outcomeB)}`,
      );
    }
    const problem = compareObserved(reference.name, await a.observe(), candidate.name, await b.observe());
    if (problem) throw new Divergence(step, command, problem);
  }
  if (stats) stats.sequences++;
}
