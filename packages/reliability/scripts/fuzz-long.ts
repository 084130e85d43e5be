/**
 * The long model-based fuzz run: thousands of random command sequences on
 * the memory store side by side with PGlite (in memory) and/or PostgreSQL.
 *
 *   pnpm --filter @modlink/reliability fuzz:long -- --runs 10000 [--store pglite|postgres|both] [--seed N] [--max-steps 20]
 *
 * A fifth of the runs use the conformance links; the rest are spread over
 * generated link sets of random cardinalities and cascade modes, 250 runs each.
 * Prints a summary; exits 1 with the shrunk counterexample at the first divergence.
 */
import { parseArgs } from "node:util";
import type { Knex } from "knex";
import { FuzzStats } from "../src/compare-stores";
import { type SqlTarget, runFuzz } from "../src/fuzz-plan";
import { openPgliteMemory } from "../src/pglite-memory";
import { openPostgresSchema } from "../src/postgres-server";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    runs: { type: "string", default: "10000" },
    store: { type: "string", default: "both" },
    seed: { type: "string" },
    "max-steps": { type: "string", default: "20" },
  },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const maxSteps = Number(values["max-steps"]);
const stores = values.store === "both" ? ["pglite", "postgres"] : [values.store];

async function fuzzOn(target: SqlTarget): Promise<boolean> {
  const conformanceRuns = Math.ceil(runs / 5);
  const generatedSets = Math.max(1, Math.round((runs - conformanceRuns) / 250));
  const runsPerSet = Math.floor((runs - conformanceRuns) / generatedSets);
  const stats = new FuzzStats();
  const started = performance.now();
  console.log(
    `\n== memory vs ${target.name}: ${conformanceRuns} runs on the conformance links + ${generatedSets} generated link sets x ${runsPerSet}; ` +
      `seed ${seed}, up to ${maxSteps} steps`,
  );
  try {
    await runFuzz(
      target,
      {
        conformanceRuns,
        generatedSets,
        runsPerSet,
        seed,
        maxSteps,
        onSetDone: (set, s) => console.log(`  ${s.sequences} sequences done (${((performance.now() - started) / 1000).toFixed(0)} s) - last set: ${set.name}`),
      },
      stats,
    );
    console.log(`PASSED: memory vs ${target.name}: ${stats.summary()}\n  in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return true;
  } catch (error) {
    console.log(`FAILED: memory vs ${target.name} after ${stats.sequences} sequences:\n${(error as Error).message}`);
    return false;
  }
}

let ok = true;
for (const store of stores) {
  if (store === "pglite") {
    const knex: Knex = await openPgliteMemory();
    try {
      ok = (await fuzzOn({ name: "PGlite", knex, schemaFor: (index) => `fuzz_long_${index}` })) && ok;
    } finally {
      await knex.destroy();
    }
  } else if (store === "postgres") {
    const server = await openPostgresSchema("fuzzlong");
    if (!server) {
      ok = false;
      continue;
    }
    try {
      ok = (await fuzzOn({ name: "PostgreSQL", knex: server.connect(), schemaFor: (index) => server.subSchema(`s${index}`) })) && ok;
    } finally {
      await server.close();
    }
  } else {
    throw new Error(`--store must be pglite, postgres or both, got ${store}`);
  }
}
console.log(`\nmachine: ${(await import("node:os")).cpus().length} cores (${(await import("node:os")).cpus()[0]?.model}), node ${process.version}`);
process.exit(ok ? 0 : 1);
