import fc from "fast-check";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CascadeWorld, type WorldState, fingerprintOf, pairInput, toWorkerCall } from "../src/cascade-world";
import type { ModelCall } from "../src/link-model";
import { CallKinds, cascadeIds, labelDeletions, modelCall } from "../src/model-calls";
import { openPostgresSchema } from "../src/postgres-server";
import { fixtureLink } from "../src/link-sets";
import type { ServiceFaults } from "../src/table-services";
import { type CallOutcome, cascadeLinks, runCall } from "../src/worker-calls";

const server = await openPostgresSchema("table_modules");
let knex: Knex;
let world: CascadeWorld;

beforeAll(async () => {
  if (!server) return;
  knex = server.connect({ poolMax: 10 });
  world = await CascadeWorld.open(knex, server.schema, cascadeLinks, cascadeIds);
});
afterAll(async () => {
  await server?.close();
});

/** Creates first, so that most sequences have links to cascade through. */
const linkedWorld = fc.array(modelCall(["create"], { throws: false, delays: false }), { minLength: 3, maxLength: 8 });

const verdict = (outcome: CallOutcome | { ok: boolean; code?: string }) => (outcome.ok ? "ok" : outcome.code);

/** Runs one call in this process, through table-backed modules joining the transaction (with `sqlSoftDelete`: described to the store in SQL). */
async function call(target: CascadeWorld, modelled: ModelCall, sqlSoftDelete = false): Promise<CallOutcome> {
  const { remoteLink, services } = target.remoteLink({ faults: "faults" in modelled ? modelled.faults : undefined, sqlSoftDelete });
  return runCall(remoteLink, toWorkerCall(modelled), services);
}

/**
 * Runs 30 random serial sequences (creates first, then any calls) through
 * table-backed modules, checking after every step that the outcome, every
 * link row and every record equal the independent model's; returns the
 * steps run.
 */
async function modelAgreesOnSerialSequences(options: { readonly throws: boolean; readonly sqlSoftDelete: boolean }): Promise<number> {
  let steps = 0;
  await fc.assert(
    fc.asyncProperty(
      linkedWorld,
      fc.array(modelCall(CallKinds, { throws: options.throws, delays: false }), { minLength: 1, maxLength: 10 }),
      async (setup, drafts) => {
        const calls = labelDeletions([...setup, ...drafts], "step ");
        await world.reset();
        const model = world.model();
        const labels = new Map<string, string>();
        for (const modelled of calls) {
          const outcome = await call(world, modelled, options.sqlSoftDelete);
          if (outcome.ok && outcome.deletionId && modelled.kind === "delete") labels.set(outcome.deletionId, modelled.deletion);
          expect(verdict(outcome), outcome.ok ? "" : outcome.message).toBe(verdict(model.apply(modelled)));
          expect(fingerprintOf(await world.state(), labels)).toEqual(model.fingerprint());
          steps++;
        }
      },
    ),
    { numRuns: 30 },
  );
  return steps;
}

describe.skipIf(!server)("table-backed modules on PostgreSQL", () => {
  it("the independent model and PostgreSQL (table-backed modules) agree on outcomes, rows and records after each random step, throws included", async () => {
    expect(await modelAgreesOnSerialSequences({ throws: true, sqlSoftDelete: false })).toBeGreaterThan(100);
  }, 300_000);

  it("with soft delete in SQL (store runs the cascade steps), the independent model and PostgreSQL agree on outcomes, rows and records each step", async () => {
    // No injected throws: they fire in service calls, which these steps no longer make.
    expect(await modelAgreesOnSerialSequences({ throws: false, sqlSoftDelete: true })).toBeGreaterThan(100);
  }, 300_000);

  const productBrand = fixtureLink("product", "brand");
  const productCustom = fixtureLink("product", "helloModuleService");
  const brandTags = fixtureLink("brand", "tag", "brand_tags");
  const customNote = fixtureLink("helloModuleService", "notes");
  const noteCustom = fixtureLink("notes", "helloModuleService", "back");
  /** Deleting b1 reaches products, customs, notes, an orphan tag (t2; t1 keeps b2) and, through the cycle, a custom already visited. */
  const brandWorld = [
    pairInput(productBrand, "p1", "b1"),
    pairInput(productBrand, "p2", "b1"),
    pairInput(productCustom, "p1", "c1"),
    pairInput(productCustom, "p2", "c2"),
    pairInput(customNote, "c1", "n1"),
    pairInput(noteCustom, "n1", "c2"),
    pairInput(brandTags, "b1", "t1"),
    pairInput(brandTags, "b2", "t1"),
    pairInput(brandTags, "b1", "t2"),
  ];
  const b1 = { brand: { brand_id: "b1" } };

  /** Every row exactly as stored (ids and deletion ids), every record with its deletion id. */
  const exact = (state: WorldState) => ({ rows: state.rows.map((row) => JSON.stringify(row)), records: state.records.map((record) => JSON.stringify(record)) });

  async function restoreFailingAt(position: number, separate: { modules: string[]; knex: Knex } | undefined) {
    await world.reset();
    const plain = world.remoteLink({ separate });
    await plain.remoteLink.create(brandWorld);
    const before = await world.state();
    const { deletionId } = await plain.remoteLink.delete(b1);
    const deleted = await world.state();
    const faults: ServiceFaults = { throwAt: { operation: "restore", call: position } };
    const failing = world.remoteLink({ separate, faults });
    const failure = await runCall(failing.remoteLink, { kind: "restore", input: b1 }, failing.services);
    const afterFailure = await world.state();
    const second = await runCall(world.remoteLink({ separate }).remoteLink, { kind: "restore", input: b1 }, { deletionIds: new Set() });
    return { before, deleted, deletionId, fired: failing.services.fired, failure, afterFailure, second, after: await world.state() };
  }

  async function checkEveryRestorePosition(separate: { modules: string[]; knex: Knex } | undefined): Promise<number> {
    let position = 1;
    for (; ; position++) {
      const run = await restoreFailingAt(position, separate);
      if (!run.fired) {
        expect(run.failure.ok, "a restore whose fault never fired succeeds").toBe(true);
        break;
      }
      expect(run.failure, `restore failing at module call ${position}`).toMatchObject({ ok: false, code: "CASCADE_FAILED" });
      expect(run.deleted.records.filter((record) => record.deletionId !== null).every((record) => record.deletionId === run.deletionId)).toBe(true);
      expect(exact(run.afterFailure), `state after the restore failed at module call ${position} (${run.fired.module})`).toEqual(exact(run.deleted));
      expect(run.second, `the restore run again after failing at module call ${position}`).toMatchObject({ ok: true });
      expect(exact(run.after), `state after the second restore (first failed at module call ${position})`).toEqual(exact(run.before));
    }
    return position - 1;
  }

  it("a restore failing at any module call (modules in the transaction) changes nothing; a rerun restores exactly the state before the delete", async () => {
    expect(await checkEveryRestorePosition(undefined)).toBeGreaterThanOrEqual(4);
  }, 300_000);

  it("with a separate module (own connection and commits), a failed restore re-deletes under the ORIGINAL deletion id, so a rerun restores all", async () => {
    const separateKnex = server!.connect({ poolMax: 2 });
    expect(await checkEveryRestorePosition({ modules: ["product", "notes"], knex: separateKnex })).toBeGreaterThanOrEqual(4);
  }, 300_000);

  it("with a separate module, a delete failing at any module call is compensated: records live again, no row or record keeps its deletion id", async () => {
    const separate = { modules: ["product", "notes"], knex: server!.connect({ poolMax: 2 }) };
    let position = 1;
    for (; ; position++) {
      await world.reset();
      await world.remoteLink({ separate }).remoteLink.create(brandWorld);
      const before = await world.state();
      const failing = world.remoteLink({ separate, faults: { throwAt: { operation: "delete", call: position } } });
      const outcome = await runCall(failing.remoteLink, { kind: "delete", input: b1 }, failing.services);
      if (!failing.services.fired) break;
      expect(outcome, `delete failing at module call ${position}`).toMatchObject({ ok: false, code: "CASCADE_FAILED" });
      expect(exact(await world.state()), `state after the delete failed at module call ${position}`).toEqual(exact(before));
    }
    expect(position - 1).toBeGreaterThanOrEqual(4);
  }, 300_000);
});
