import fc from "fast-check";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CascadeWorld, type WorldState, fingerprintOf, toWorkerCall } from "../src/cascade-world";
import type { LinkModel, ModelCall } from "../src/link-model";
import { cascadeIds, labelDeletions, modelCall } from "../src/model-calls";
import { matchSerialOrder, verdict } from "../src/model-orders";
import { fixtureLink } from "../src/link-sets";
import { openPostgresSchema } from "../src/postgres-server";
import { type Workers, spawnWorkers } from "../src/spawn-workers";
import { type RunFacts, brokenTableInvariants, recordId } from "../src/table-invariants";
import { type CallOutcome, cascadeLinks, runCall } from "../src/worker-calls";

const server = await openPostgresSchema("processes");
let knex: Knex;
let world: CascadeWorld;
let workers: Workers;
/** Serial orders are enumerated for mixes of up to MIX_PROCESSES calls; the load without them uses every process. */
const PROCESSES = 8;
const MIX_PROCESSES = 4;

beforeAll(async () => {
  if (!server) return;
  knex = server.connect({ poolMax: 10 });
  world = await CascadeWorld.open(knex, server.schema, cascadeLinks, cascadeIds);
  workers = await spawnWorkers(PROCESSES, { url: server.url, schema: server.schema, links: "cascade", poolMax: 3 });
});
afterAll(async () => {
  await workers?.stop();
  await server?.close();
});

/** Runs calls one by one in this process, checking the model agrees on each; returns the labels of its deletions. */
async function runSerially(model: LinkModel, calls: readonly ModelCall[], labels: Map<string, string>): Promise<void> {
  for (const call of calls) {
    const { remoteLink, services } = world.remoteLink({ faults: "faults" in call ? call.faults : undefined });
    const outcome = await runCall(remoteLink, toWorkerCall(call), services);
    if (outcome.ok && outcome.deletionId && call.kind === "delete") labels.set(outcome.deletionId, call.deletion);
    expect(verdict(outcome), `setup call ${JSON.stringify(toWorkerCall(call))}`).toBe(verdict(model.apply(call)));
  }
}

/** Sends call i to process i, all at once; returns the outcomes in call order. */
async function runAcrossProcesses(calls: readonly ModelCall[]): Promise<CallOutcome[]> {
  const replies = await workers.round(calls.map((call) => [toWorkerCall(call)]));
  return replies.map((reply) => reply.outcomes[0] as CallOutcome);
}

/** What successful restores reported and failed deletes were handed. */
function factsOf(outcomes: readonly CallOutcome[], calls: readonly ModelCall[], before?: WorldState): RunFacts {
  const restored = new Map<string, Set<string>>();
  const failedDeletionIds = new Set<string>();
  // Modules described in SQL are not called, so their deletion ids are not seen: a record a
  // successful restore reported was restored within the deletion it was stored under.
  const storedUnder = new Map(before?.records.map((record) => [recordId(record.module, record.key, record.id), record.deletionId]));
  outcomes.forEach((outcome, i) => {
    if (outcome.ok && outcome.restored) {
      for (const [module, byKey] of Object.entries(outcome.restored)) {
        for (const [key, ids] of Object.entries(byKey)) {
          for (const id of ids) {
            const record = recordId(module, key, id);
            const deletion = before ? storedUnder.get(record) : undefined;
            restored.set(record, new Set([...(restored.get(record) ?? []), ...outcome.deletionIds, ...(deletion ? [deletion] : [])]));
          }
        }
      }
    }
    if (!outcome.ok && calls[i]?.kind === "delete") for (const id of outcome.deletionIds) failedDeletionIds.add(id);
  });
  return { restored, failedDeletionIds };
}

/** One mix that always runs: a slow delete failing at its first module call beside a delete of a record it reaches. */
const brandRoot = { module: "brand", key: "brand_id", ids: ["b1"] } as const;
const alwaysFailingDelete: [[ModelCall[], ModelCall[]], ModelCall[]] = [
  [
    [
      {
        kind: "create",
        pairs: [
          { link: fixtureLink("product", "brand"), left: "p1", right: "b1" },
          { link: fixtureLink("product", "helloModuleService"), left: "p1", right: "c1" },
        ],
      },
    ],
    [],
  ],
  [
    {
      kind: "delete",
      roots: brandRoot,
      deletion: "",
      faults: { throwAt: { operation: "delete", call: 1 }, delay: { ms: 20, via: "pg_sleep", when: "before" } },
    },
    {
      kind: "delete",
      roots: { module: "helloModuleService", key: "my_custom_id", ids: ["c1"] },
      deletion: "",
      faults: { delay: { ms: 20, via: "pg_sleep", when: "after" } },
    },
  ],
];

/** One run that always has a failing restore: b1's restore always restores p1 first, and fails there. */
const alwaysFailingRestore: [ModelCall[], ModelCall[], ModelCall[]] = [
  alwaysFailingDelete[0][0],
  [
    { kind: "delete", roots: brandRoot, deletion: "", faults: { delay: { ms: 20, via: "timer", when: "after" } } },
    { kind: "delete", roots: { module: "helloModuleService", key: "my_custom_id", ids: ["c1"] }, deletion: "" },
  ],
  [
    { kind: "restore", roots: brandRoot, faults: { throwAt: { operation: "restore", call: 1 }, delay: { ms: 20, via: "pg_sleep", when: "before" } } },
    { kind: "restore", roots: brandRoot },
    { kind: "restore", roots: brandRoot },
    { kind: "restore", roots: brandRoot },
  ],
];

const readable = (calls: readonly ModelCall[]) => calls.map((call) => JSON.stringify(toWorkerCall(call))).join("\n  ");

/** Runs a mix across processes and checks invariants and the serial orders; returns the outcomes and the model after the matching order. */
async function concurrentRound(
  model: LinkModel,
  mix: readonly ModelCall[],
  labels: Map<string, string>,
  context: string,
): Promise<{ outcomes: CallOutcome[]; model: LinkModel }> {
  const before = await world.state();
  const outcomes = await runAcrossProcesses(mix);
  outcomes.forEach((outcome, i) => {
    const call = mix[i] as ModelCall;
    if (outcome.ok && outcome.deletionId && call.kind === "delete") labels.set(outcome.deletionId, call.deletion);
  });
  const state = await world.state();
  expect(brokenTableInvariants(state, cascadeLinks, factsOf(outcomes, mix), before), `${context}: invariants after\n  ${readable(mix)}`).toEqual([]);
  const verdicts = outcomes.map(verdict);
  const match = matchSerialOrder(model, mix, verdicts, fingerprintOf(state, labels));
  if (!match.order)
    throw new Error(
      `${context}: the concurrent calls\n  ${readable(mix)}\n` +
        `ended in ${JSON.stringify({ verdicts, ...fingerprintOf(state, labels) })}\n` +
        `which is none of the serial orders:\n${match.candidates.join("\n")}`,
    );
  const after = model.clone();
  for (const i of match.order) after.apply(mix[i] as ModelCall);
  return { outcomes, model: after };
}

describe.skipIf(!server)("separate processes on PostgreSQL, modules in tables joining the transaction", () => {
  it("cascade deletes, restores, creates, dismisses from 2-4 processes with slow, failing modules match a serial model order; invariants hold", async () => {
    let mixes = 0;
    let faultsFired = 0;
    const setupCalls = fc.tuple(
      fc.array(modelCall(["create"], { throws: false, delays: false }), { minLength: 3, maxLength: 8 }),
      fc.array(modelCall(["delete", "delete", "create", "dismiss", "restore"], { throws: false, delays: false }), { maxLength: 3 }),
    );
    // Cascades weigh double: they are where calls meet in module tables.
    const mixCalls = fc.array(modelCall(["delete", "delete", "restore", "restore", "create", "dismiss"], { throws: true, delays: true }), {
      minLength: 2,
      maxLength: MIX_PROCESSES,
    });
    await fc.assert(
      fc.asyncProperty(setupCalls, mixCalls, async ([creates, more], mixDrafts) => {
        await world.reset();
        const model = world.model();
        const labels = new Map<string, string>();
        await runSerially(model, labelDeletions([...creates, ...more], "setup "), labels);
        const mix = labelDeletions(mixDrafts, "mix ");
        const { outcomes } = await concurrentRound(model, mix, labels, `after the setup\n  ${readable([...creates, ...more])}\n`);
        faultsFired += outcomes.filter((outcome) => !outcome.ok && outcome.faultFired).length;
        mixes++;
      }),
      { numRuns: 30, examples: [alwaysFailingDelete] },
    );
    expect(mixes).toBe(30);
    expect(faultsFired).toBeGreaterThan(0);
  }, 300_000);

  it("concurrent restores of every root overlapping concurrent deletes took (failed ones rerun) bring back exactly the prior rows and records", async () => {
    let runs = 0;
    let failedRestores = 0;
    const setup = fc.array(modelCall(["create"], { throws: false, delays: false }), { minLength: 4, maxLength: 10 });
    const deletes = fc.array(modelCall(["delete"], { throws: true, delays: true }), { minLength: 2, maxLength: MIX_PROCESSES });
    const restoreFaults = fc.array(modelCall(["restore"], { throws: true, delays: true }), { minLength: MIX_PROCESSES, maxLength: MIX_PROCESSES });
    await fc.assert(
      fc.asyncProperty(setup, deletes, restoreFaults, async (creates, deleteDrafts, restoreDrafts) => {
        await world.reset();
        let model = world.model();
        const labels = new Map<string, string>();
        await runSerially(model, creates, labels);
        const before = await world.state();
        const deleteMix = labelDeletions(deleteDrafts, "delete ");
        const deleted = await concurrentRound(model, deleteMix, labels, "deletes");
        model = deleted.model;
        // Every root a successful delete took, restored at once, with the faults (and delays) drawn for restores.
        let pending: ModelCall[] = deleteMix.flatMap((call, i) => {
          if (call.kind !== "delete" || !deleted.outcomes[i]?.ok) return [];
          const drawn = restoreDrafts[i];
          return [{ kind: "restore" as const, roots: call.roots, faults: drawn && "faults" in drawn ? drawn.faults : undefined }];
        });
        for (let attempt = 1; pending.length > 0; attempt++) {
          expect(attempt, `restores still failing after ${attempt - 1} rounds`).toBeLessThanOrEqual(3);
          const restored = await concurrentRound(model, pending, labels, `restore round ${attempt}`);
          model = restored.model;
          const failed = pending.filter((_, i) => !restored.outcomes[i]?.ok);
          for (const [i, outcome] of restored.outcomes.entries())
            if (!outcome.ok) expect(outcome, `restore ${readable([pending[i] as ModelCall])}`).toMatchObject({ code: "CASCADE_FAILED", faultFired: true });
          failedRestores += failed.length;
          pending = failed.map((call) => (call.kind === "restore" ? { kind: call.kind, roots: call.roots } : call));
        }
        const after = await world.state();
        expect({ rows: after.rows, records: after.records }, `after deleting\n  ${readable(deleteMix)}\nand restoring every deleted root`).toEqual({
          rows: before.rows,
          records: before.records,
        });
        runs++;
      }),
      { numRuns: 12, examples: [alwaysFailingRestore] },
    );
    expect(runs).toBe(12);
    expect(failedRestores).toBeGreaterThan(0);
  }, 300_000);

  it("8 processes each cascade-delete up to 2 overlapping roots, then restore all at once, failures rerun: invariants always hold, start is back", async () => {
    await overlappingDeletesThenRestores(workers);
  }, 300_000);

  it("the same with modules that describe their soft delete in SQL, so the store runs their cascade steps in its own statements", async () => {
    const sqlWorkers = await spawnWorkers(PROCESSES, { url: server!.url, schema: server!.schema, links: "cascade", poolMax: 3, sqlSoftDelete: true });
    try {
      await overlappingDeletesThenRestores(sqlWorkers, true);
    } finally {
      await sqlWorkers.stop();
    }
  }, 300_000);
});

/**
 * Up to 2 overlapping cascade deletes from each of the processes, then every
 * deleted root restored at once (failing restores run again): the invariants
 * hold after each round and the end state is exactly the start.
 */
async function overlappingDeletesThenRestores(processes: Workers, sqlSoftDelete = false): Promise<void> {
  let runs = 0;
  const setup = fc.array(modelCall(["create"], { throws: false, delays: false }), { minLength: 6, maxLength: 12 });
  const perProcess = fc.array(fc.array(modelCall(["delete"], { throws: true, delays: true }), { minLength: 1, maxLength: 2 }), {
    minLength: PROCESSES,
    maxLength: PROCESSES,
  });
  await fc.assert(
    fc.asyncProperty(setup, perProcess, async (creates, drafts) => {
      await world.reset();
      await runSerially(world.model(), creates, new Map());
      const before = await world.state();
      const deletes = drafts.map((calls, worker) => labelDeletions(calls, `process ${worker} delete `));
      const deleted = await loadRound(deletes, before, processes, sqlSoftDelete);
      // Each successful delete's roots, restored with its delete's delay; every third restore throws at its first module call.
      let pending: ModelCall[] = deletes.flat().flatMap((call, i) => {
        if (call.kind !== "delete" || !deleted[i]?.ok) return [];
        return [
          {
            kind: "restore" as const,
            roots: call.roots,
            faults: { delay: call.faults?.delay, throwAt: i % 3 === 0 ? { operation: "restore" as const, call: 1 } : undefined },
          },
        ];
      });
      for (let attempt = 1; pending.length > 0; attempt++) {
        expect(attempt, `restores still failing after ${attempt - 1} rounds`).toBeLessThanOrEqual(3);
        const spread = Array.from({ length: PROCESSES }, (_, worker) => pending.filter((_, i) => i % PROCESSES === worker));
        const outcomes = await loadRound(spread, await world.state(), processes, sqlSoftDelete);
        const order = spread.flat();
        for (const [i, outcome] of outcomes.entries())
          if (!outcome.ok) expect(outcome, `restore ${readable([order[i] as ModelCall])}`).toMatchObject({ code: "CASCADE_FAILED", faultFired: true });
        pending = order.filter((_, i) => !outcomes[i]?.ok).map((call) => (call.kind === "restore" ? { kind: call.kind, roots: call.roots } : call));
      }
      const after = await world.state();
      expect({ rows: after.rows, records: after.records }, "after every deleted root was restored").toEqual({ rows: before.rows, records: before.records });
      runs++;
    }),
    { numRuns: 6 },
  );
  expect(runs).toBe(6);
}

/** Sends each process its calls at once; checks the invariants; returns the outcomes in the order of `calls.flat()`. */
async function loadRound(
  calls: readonly (readonly ModelCall[])[],
  before: WorldState,
  processes: Workers = workers,
  sqlSoftDelete = false,
): Promise<CallOutcome[]> {
  const replies = await processes.round(calls.map((list) => list.map(toWorkerCall)));
  const outcomes = replies.flatMap((reply) => reply.outcomes);
  const facts = factsOf(outcomes, calls.flat(), sqlSoftDelete ? before : undefined);
  expect(brokenTableInvariants(await world.state(), cascadeLinks, facts, before), `invariants after\n  ${readable(calls.flat())}`).toEqual([]);
  return outcomes;
}
