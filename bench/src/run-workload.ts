import type { BenchDb } from "./bench-db";
import type { Repetitions, Sizes } from "./options";
import { type InProcessWorkload, type Side, type SideResult, Sides, type Workload, type WorkloadResult } from "./workload";

// Exposed by `--expose-gc`; collecting before each timed call keeps one
// side's garbage from being collected during the other side's run.
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * Runs one workload, both sides, interleaved (the side that goes first
 * alternates) so drift and other load on the machine hit both alike.
 * A failure is returned as a result, not thrown, so the other workloads run.
 */
export async function runWorkload(db: BenchDb, workload: Workload, sizes: Sizes, repetitions: Repetitions): Promise<WorkloadResult> {
  try {
    if (workload.kind === "contention") {
      const sides = await workload.measure(sizes.contention, repetitions.contentionRuns);
      return { status: "ok", kind: "throughput", id: workload.id, title: workload.title, load: sizes.contention, sides };
    }
    const size = workload.size(sizes);
    const sides =
      workload.kind === "child"
        ? { modlink: await workload.measure("modlink", size, repetitions), baseline: await workload.measure("baseline", size, repetitions) }
        : await runInProcess(db, workload, sizes, repetitions);
    return { status: "ok", kind: "timed", id: workload.id, title: workload.title, feedOf: workload.feedOf, size, sides };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { status: "failed", id: workload.id, title: workload.title, error: message };
  }
}

async function runInProcess(db: BenchDb, workload: InProcessWorkload, sizes: Sizes, repetitions: Repetitions): Promise<Record<Side, SideResult>> {
  const size = workload.size(sizes);
  await workload.setup?.(sizes);
  const samples: Record<Side, number[]> = { modlink: [], baseline: [] };
  const cpu: Record<Side, number[]> = { modlink: [], baseline: [] };
  const statements: Record<Side, Set<number>> = { modlink: new Set(), baseline: new Set() };
  for (let run = 0; run < repetitions.warmup + repetitions.runs; run += 1) {
    const order = run % 2 === 0 ? Sides : [...Sides].reverse();
    for (const side of order) {
      const measured = await timeOnce(db, workload, side, size.main);
      statements[side].add(measured.statements);
      if (run >= repetitions.warmup) {
        samples[side].push(measured.ms);
        cpu[side].push(measured.cpuMs);
      }
    }
  }
  const result = async (side: Side): Promise<SideResult> => ({
    samplesMs: samples[side],
    cpuMs: cpu[side],
    statements: onlyValue(statements[side], `${workload.id} ${side} statements per call`),
    statementsSmall: (await timeOnce(db, workload, side, size.small)).statements,
  });
  return { modlink: await result("modlink"), baseline: await result("baseline") };
}

async function timeOnce(db: BenchDb, workload: InProcessWorkload, side: Side, n: number): Promise<{ ms: number; cpuMs: number; statements: number }> {
  const prepared = await workload.prepare(side, n);
  const counter = side === "modlink" ? () => db.knexStatements.count : () => db.sql.statements;
  collectGarbage();
  const before = counter();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await prepared.call();
  const ms = performance.now() - start;
  const cpuUsed = process.cpuUsage(cpuBefore);
  const statements = counter() - before;
  await prepared.verify();
  return { ms, cpuMs: (cpuUsed.user + cpuUsed.system) / 1000, statements };
}

/** The statement count must be the same in every run of a call; anything else is worth failing on. */
function onlyValue(values: ReadonlySet<number>, what: string): number {
  if (values.size !== 1) throw new Error(`${what} varied between runs: ${[...values].join(", ")}`);
  return [...values][0] as number;
}
