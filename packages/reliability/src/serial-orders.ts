import { canonical } from "./canonical";
import type { Command } from "./fuzz-commands";
import type { LinkSet } from "./link-sets";
import { LinkSession, type Observed, type Outcome } from "./link-session";
import { memoryUnderTest, type StoreUnderTest } from "./store-under-test";

/** Every order of `count` items, as index arrays. */
export function permutations(count: number): number[][] {
  if (count === 0) return [[]];
  return permutations(count - 1).flatMap((rest) => Array.from({ length: count }, (_, at) => [...rest.slice(0, at), count - 1, ...rest.slice(at)]));
}

/** What a mix of calls ended in: each call's outcome (by its index in the mix) and the final state. */
export interface MixResult {
  readonly outcomes: readonly Outcome[];
  readonly observed: Observed;
}

/** Step numbers: the setup's calls count from 0, the mix's from MIX_STEP, so deletion labels match across runs. */
const MIX_STEP = 1000;

function fingerprint(result: MixResult): string {
  const outcomes = result.outcomes.map((outcome) => (outcome.ok ? `ok ${outcome.value}` : outcome.code));
  return canonical({ outcomes, rows: result.observed.rows, modules: result.observed.modules });
}

async function setUp(target: StoreUnderTest, set: LinkSet, setup: readonly Command[]): Promise<LinkSession> {
  const session = await LinkSession.start(target, set);
  for (const [step, command] of setup.entries()) await session.apply(command, step);
  return session;
}

/** Runs the setup serially, then every call of the mix at once; returns what each call did and the end state. */
export async function runConcurrently(target: StoreUnderTest, set: LinkSet, setup: readonly Command[], mix: readonly Command[]): Promise<MixResult> {
  const session = await setUp(target, set, setup);
  const outcomes = await Promise.all(mix.map((command, i) => session.apply(command, MIX_STEP + i)));
  return { outcomes, observed: await session.observe() };
}

/**
 * Checks a concurrent result against every serial order of the mix, replayed
 * on the memory store. Returns the order it equals (outcome of every call,
 * link rows and module records), or undefined with the candidates for the message.
 */
export async function matchSerialOrder(
  set: LinkSet,
  setup: readonly Command[],
  mix: readonly Command[],
  concurrent: MixResult,
): Promise<{ order: number[] | undefined; serialResults: string[] }> {
  const wanted = fingerprint(concurrent);
  const serialResults: string[] = [];
  for (const order of permutations(mix.length)) {
    const session = await setUp(memoryUnderTest(), set, setup);
    const outcomes: Outcome[] = [];
    for (const i of order) outcomes[i] = await session.apply(mix[i] as Command, MIX_STEP + i);
    const result = fingerprint({ outcomes, observed: await session.observe() });
    if (result === wanted) return { order, serialResults };
    serialResults.push(result);
  }
  return { order: undefined, serialResults };
}

/** A readable account of a concurrent result that matched no serial order. */
export function describeMismatch(mix: readonly Command[], concurrent: MixResult, serialResults: readonly string[]): string {
  return [
    `the concurrent mix ${canonical(mix)}`,
    `ended in ${fingerprint(concurrent)}`,
    `which equals none of the ${serialResults.length} serial orders, e.g. ${serialResults.slice(0, 2).join("\n or ")}`,
  ].join("\n");
}
