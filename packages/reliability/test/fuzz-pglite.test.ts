import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandKinds } from "../src/fuzz-commands";
import { runFuzz } from "../src/fuzz-plan";
import { openPgliteMemory } from "../src/pglite-memory";

let knex: Knex;
beforeAll(async () => {
  knex = await openPgliteMemory();
});
afterAll(async () => {
  await knex?.destroy();
});

describe("model-based fuzzing: PGlite against the memory store", () => {
  it("random create/dismiss/replace/delete/restore/list sequences give the same outcome, link rows and module records after every step", async () => {
    const stats = await runFuzz({ name: "PGlite", knex, schemaFor: (index) => `fuzz_${index}` }, { conformanceRuns: 25, generatedSets: 2, runsPerSet: 10 });
    expect(stats.sequences).toBe(45);
    for (const kind of CommandKinds) expect(stats.byKind.get(kind), kind).toBeGreaterThan(0);
    expect([...stats.outcomes.keys()]).toEqual(expect.arrayContaining(["create ok", "create CARDINALITY_VIOLATION", "delete ok", "restore ok"]));
  }, 300_000);
});
