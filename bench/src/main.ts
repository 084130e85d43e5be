import { writeFile } from "node:fs/promises";
import os from "node:os";
import type { BenchDb } from "./bench-db";
import { syncBenchTables } from "./fixtures";
import { type BackendName, type BenchOptions, UsageError, parseOptions } from "./options";
import { openPgliteDb } from "./pglite-db";
import { openPostgresDb } from "./postgres-db";
import { type BackendResults, failedCalls, renderReport, throughputRatio } from "./report";
import { runWorkload } from "./run-workload";
import { spreadOf } from "./stats";
import type { Side, WorkloadFactory, WorkloadResult } from "./workload";
import { w1Create, w1CreateFeed } from "./workloads/w1-create";
import { w2List } from "./workloads/w2-list";
import { w3Dismiss, w3DismissFeed } from "./workloads/w3-dismiss";
import { w4Delete, w4DeleteFeed } from "./workloads/w4-delete";
import { w4bCascadeDelete } from "./workloads/w4b-cascade-delete";
import { w5Restore } from "./workloads/w5-restore";
import { w5bCascadeRestore } from "./workloads/w5b-cascade-restore";
import { w6CreateMillion } from "./workloads/w6-create-million";
import { w7ListLarge } from "./workloads/w7-list-large";
import { w8Contention } from "./workloads/w8-contention";

const WORKLOADS: readonly WorkloadFactory[] = [
  w1Create,
  w1CreateFeed,
  w2List,
  w3Dismiss,
  w3DismissFeed,
  w4Delete,
  w4DeleteFeed,
  w4bCascadeDelete,
  w5Restore,
  w5bCascadeRestore,
  w6CreateMillion,
  w7ListLarge,
  w8Contention,
];

function openDb(backend: BackendName, options: BenchOptions): Promise<BenchDb> {
  return backend === "postgres" ? openPostgresDb(options.postgresUrl) : openPgliteDb();
}

async function runBackend(backend: BackendName, options: BenchOptions): Promise<BackendResults> {
  const db = await openDb(backend, options);
  // Ctrl-C still drops the scratch database.
  const interrupted = () => void db.close().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  try {
    // The feed store's sync also creates the change feed's tables.
    await syncBenchTables(db.feedStore);
    const results: WorkloadResult[] = [];
    for (const factory of WORKLOADS) {
      const workload = factory(db);
      // A feed-on repeat runs with the workload it repeats.
      if (options.only && !options.only.has((workload.feedOf ?? workload.id).toUpperCase())) continue;
      if (workload.backends && !workload.backends.includes(backend)) {
        console.error(`[bench] ${backend} ${workload.id}: skipped (runs on ${workload.backends.join(", ")} only)`);
        continue;
      }
      const started = performance.now();
      const result = await runWorkload(db, workload, options.sizes, options.repetitions);
      results.push(result);
      console.error(`[bench] ${backend} ${workload.id}: ${summary(result)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    return { backend, version: db.version, results };
  } finally {
    process.off("SIGINT", interrupted);
    await db.close();
  }
}

function summary(result: WorkloadResult): string {
  if (result.status === "failed") return `FAILED\n${result.error}`;
  if (result.kind === "throughput") {
    const side = (name: Side) => `${name} ${spreadOf(result.sides[name].callsPerSecond).median.toFixed(0)} calls/s (${failedCalls(result.sides[name])} failed)`;
    return `${side("modlink")}, ${side("baseline")}, ratio ${throughputRatio(result.sides).toFixed(2)}`;
  }
  const modlink = spreadOf(result.sides.modlink.samplesMs).median;
  const baseline = spreadOf(result.sides.baseline.samplesMs).median;
  return `modlink ${modlink.toFixed(2)} ms, baseline ${baseline.toFixed(2)} ms, ratio ${(modlink / baseline).toFixed(2)}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOptions(argv, process.env);
  const load = { start: os.loadavg(), end: [] as number[] };
  const all: BackendResults[] = [];
  for (const backend of options.backends) all.push(await runBackend(backend, options));
  load.end = os.loadavg();
  const report = renderReport(options, argv, all, load);
  console.log(report);
  if (options.outFile) await writeFile(options.outFile, report);
  if (options.jsonFile) await writeFile(options.jsonFile, `${JSON.stringify({ options, results: all }, null, 2)}\n`);
  const failed = all.flatMap((b) => b.results).filter((r) => r.status === "failed").length;
  if (failed > 0) console.error(`[bench] ${failed} workload(s) failed`);
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
