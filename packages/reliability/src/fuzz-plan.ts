import { CascadeModes } from "@modlink/core";
import fc from "fast-check";
import type { Knex } from "knex";
import { FuzzStats, compareStores } from "./compare-stores";
import { commandSequence } from "./fuzz-commands";
import { type LinkSet, type LinkShape, conformanceSet, generatedSet } from "./link-sets";
import { knexUnderTest, memoryUnderTest } from "./store-under-test";

const shape: fc.Arbitrary<LinkShape> = fc.record({
  leftList: fc.boolean(),
  rightList: fc.boolean(),
  leftCascade: fc.constantFrom(...CascadeModes),
  rightCascade: fc.constantFrom(...CascadeModes),
});

/** Shapes for the four links of a generated set: random cardinalities and cascade modes. */
export const linkShapes = fc.tuple(shape, shape, shape, shape);

/** Where a fuzz run puts its SQL side. */
export interface SqlTarget {
  /** "PGlite" or "PostgreSQL". */
  readonly name: string;
  readonly knex: Knex;
  /** A schema name per link set (generated sets reuse table names). */
  schemaFor(index: number): string;
}

export interface FuzzPlan {
  /** Sequences over the conformance links. */
  readonly conformanceRuns: number;
  /** How many generated link sets, and sequences on each. */
  readonly generatedSets: number;
  readonly runsPerSet: number;
  readonly seed?: number;
  readonly maxSteps?: number;
  /** Called after each link set, for progress lines. */
  readonly onSetDone?: (set: LinkSet, stats: FuzzStats) => void;
}

/**
 * Runs random command sequences on the memory store and the SQL target side
 * by side; throws fast-check's report (seed, shrunk counterexample and the
 * first divergence) at the first difference.
 */
export async function runFuzz(target: SqlTarget, plan: FuzzPlan, stats = new FuzzStats()): Promise<FuzzStats> {
  const seed = plan.seed ?? Date.now() % 2 ** 31;
  const sets: LinkSet[] = [conformanceSet, ...fc.sample(linkShapes, { numRuns: plan.generatedSets, seed }).map(generatedSet)];
  for (const [index, set] of sets.entries()) {
    const runs = index === 0 ? plan.conformanceRuns : plan.runsPerSet;
    if (runs === 0) continue;
    const sql = await knexUnderTest(target.name, target.knex, target.schemaFor(index), set.links);
    const memory = memoryUnderTest();
    await fc
      .assert(
        fc.asyncProperty(commandSequence(set, plan.maxSteps), (commands) => compareStores(set, commands, memory, sql, stats)),
        { numRuns: runs, seed: seed + index, endOnFailure: false },
      )
      .catch((error: unknown) => {
        throw new Error(`Fuzz over ${set.name} (seed ${seed + index}) found a divergence between memory and ${target.name}:\n${(error as Error).message}`, {
          cause: error,
        });
      });
    plan.onSetDone?.(set, stats);
  }
  return stats;
}
