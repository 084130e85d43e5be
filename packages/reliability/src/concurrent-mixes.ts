import fc from "fast-check";
import { type CommandKind, command } from "./fuzz-commands";
import type { LinkSet } from "./link-sets";
import { describeMismatch, matchSerialOrder, runConcurrently } from "./serial-orders";
import type { StoreUnderTest } from "./store-under-test";

/** A setup run one by one (creates, and deletes to restore later), then two to four writes of the given kinds at once. */
export function mixes(set: LinkSet, kinds: readonly CommandKind[]) {
  return fc.record({
    setup: fc.array(command(set, ["create", "create", "create", "delete"]), { minLength: 2, maxLength: 6 }),
    mix: fc.array(command(set, kinds), { minLength: 2, maxLength: 4 }),
  });
}

/**
 * Property: whatever a concurrent mix does, each call's outcome, the link
 * rows and the module records equal those of some serial order of the same
 * calls (replayed on the memory store), and no invariant breaks.
 * Returns how many mixes ran.
 */
export async function checkMixesSerialisable(
  target: StoreUnderTest,
  set: LinkSet,
  kinds: readonly CommandKind[],
  runs: number,
  seed?: number,
): Promise<number> {
  let ran = 0;
  await fc.assert(
    fc.asyncProperty(mixes(set, kinds), async ({ setup, mix }) => {
      const concurrent = await runConcurrently(target, set, setup, mix);
      if (concurrent.observed.broken.length > 0) throw new Error(`invariants broken: ${concurrent.observed.broken.join("; ")}`);
      const { order, serialResults } = await matchSerialOrder(set, setup, mix, concurrent);
      if (!order) throw new Error(describeMismatch(mix, concurrent, serialResults));
      ran++;
    }),
    { numRuns: runs, seed },
  );
  return ran;
}
