import { afterAll, describe, expect, it } from "vitest";
import { CommandKinds } from "../src/fuzz-commands";
import { runFuzz } from "../src/fuzz-plan";
import { openPostgresSchema } from "../src/postgres-server";

const server = await openPostgresSchema("fuzz");

afterAll(async () => {
  await server?.close();
});

describe.skipIf(!server)("model-based fuzzing: PostgreSQL against the memory store", () => {
  it("random create/dismiss/replace/delete/restore/list sequences give the same outcome, link rows and module records after every step", async () => {
    const knex = server!.connect();
    const stats = await runFuzz(
      { name: "PostgreSQL", knex, schemaFor: (index) => server!.subSchema(`s${index}`) },
      { conformanceRuns: 25, generatedSets: 2, runsPerSet: 10 },
    );
    expect(stats.sequences).toBe(45);
    for (const kind of CommandKinds) expect(stats.byKind.get(kind), kind).toBeGreaterThan(0);
    expect([...stats.outcomes.keys()]).toEqual(expect.arrayContaining(["create ok", "create CARDINALITY_VIOLATION", "delete ok", "restore ok"]));
  }, 300_000);
});
