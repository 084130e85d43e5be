import { LinkStoreError } from "./errors";
import { forEachGroup } from "./group-by";
import { type InputSlices, inputSlices, wholeInputs } from "./input-slices";
import type { LinkGraph } from "./link-graph";
import type { LinkStoreTransaction, NewLink, RecordIds, TransactionOptions } from "./link-store";
import type { LinkTable } from "./link-table";
import { planCreate } from "./plan-writes";
import { recordsOfCreate } from "./records-of-pairs";

/** Runs a unit of work on the store with the call's options (see `RemoteLink`). */
export type RunUnit = (options: Omit<TransactionOptions, "outer">, work: (tx: LinkStoreTransaction) => Promise<void>) => Promise<void>;

/**
 * `RemoteLink.create`: validates the first slice of inputs before anything
 * is written, then writes every slice in one unit of work.
 *
 * A call that fits in one slice locks exactly its records and, when it
 * touches one link table, is one write the store may run without a
 * transaction of its own. A larger call never holds more than one slice of
 * parsed inputs: it locks every record of the module keys of each table it
 * reaches (naming a million ids would cost what streaming saves), and a bad
 * input in a later slice rolls the whole call back.
 */
export async function createLinks(graph: LinkGraph, run: RunUnit, input: unknown): Promise<void> {
  const whole = wholeInputs(input, "create");
  if (whole) return createSlice(run, planCreate(graph, whole));
  const source = inputSlices(input, "create");
  const slices = source.slices();
  const first = await slices.next();
  if (first.done) return;
  const firstPlan = planCreate(graph, first.value);
  const second = await slices.next();
  if (second.done) return createSlice(run, firstPlan);
  let attempts = 0;
  await run({}, async (tx) => {
    attempts++;
    const plans = attempts === 1 ? resumedPlans(graph, firstPlan, second.value, slices) : replayedPlans(graph, source);
    const locked = new Set<LinkTable>();
    for await (const plan of plans) {
      const unlocked = [...plan.keys()].filter((table) => !locked.has(table));
      if (unlocked.length > 0) await tx.lockRecords(unlocked.flatMap(everyRecordOf));
      for (const table of unlocked) locked.add(table);
      await forEachGroup(plan, (table, links) => tx.upsertLinks(table, links));
    }
  });
}

type Plan = Map<LinkTable, NewLink[]>;

/** A call of one slice: exactly its records locked, and one write when it touches one table. */
async function createSlice(run: RunUnit, plan: Plan): Promise<void> {
  const records = recordsOfCreate(plan);
  await run({ singleWrite: plan.size === 1 }, async (tx) => {
    await tx.lockRecords(records);
    await forEachGroup(plan, (table, links) => tx.upsertLinks(table, links));
  });
}

/** The first attempt: the two slices read already, then the rest as they come. */
async function* resumedPlans(graph: LinkGraph, firstPlan: Plan, secondSlice: unknown[], rest: AsyncGenerator<unknown[], void>): AsyncGenerator<Plan> {
  yield firstPlan;
  yield planCreate(graph, secondSlice);
  for await (const slice of rest) yield planCreate(graph, slice);
}

/** A later attempt (the store ran the unit again after a deadlock): from the start, if the inputs can be read again. */
async function* replayedPlans(graph: LinkGraph, source: InputSlices): AsyncGenerator<Plan> {
  if (!source.replayable) {
    throw new LinkStoreError(
      "TRANSACTION_CONFLICT",
      "create() was rolled back by the database (a deadlock or serialization failure) while writing streamed inputs, which can be read only once, " +
        "so it cannot run again by itself. Nothing of this call was committed: call create() again with a fresh iterable, or pass an array.",
    );
  }
  for await (const slice of source.slices()) yield planCreate(graph, slice);
}

/** Both sides of a table, every record (as `recordsOfCreate` would lock them): the locks of a call too large to name its records. */
function everyRecordOf(table: LinkTable): RecordIds[] {
  return [table.left, table.right].map((side) => ({ module: side.module, key: side.key, shared: !side.unique }));
}
