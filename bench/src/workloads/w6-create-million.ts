import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchDb } from "../bench-db";
import type { Side, SideResult, WorkloadFactory } from "../workload";
import type { MillionArgs, MillionRun } from "./w6-child";

const CHILD = fileURLToPath(new URL("./w6-child.ts", import.meta.url));
const BENCH_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * W6: create 1,000,000 links in one call, modlink's from a generator of
 * inputs (the caller holds the ids, as the baseline does). Every run of each side is its own
 * child process, so its peak RSS is its own: the input, the call, the driver
 * (and for PGlite the embedded database, which lives in the same process).
 */
export const w6CreateMillion: WorkloadFactory = (db: BenchDb) => ({
  kind: "child",
  id: "W6",
  title: "create N links, one call, streamed (memory)",
  size: (sizes) => ({ main: sizes.million, small: sizes.links }),
  async measure(side: Side, size, repetitions): Promise<SideResult> {
    const runs: MillionRun[] = [];
    for (let run = 0; run < repetitions.millionRuns; run += 1) {
      runs.push(await runChild({ backend: db.backend, url: db.childUrl, side, n: size.main, warmupN: size.small }));
    }
    // The run with the highest peak is reported with its own input RSS, so the two subtract.
    const worst = runs.reduce((a, b) => (b.peakRssMb > a.peakRssMb ? b : a));
    return {
      samplesMs: runs.map((run) => run.ms),
      cpuMs: runs.map((run) => run.cpuMs),
      statements: Math.max(...runs.map((run) => run.statements)),
      statementsSmall: Math.max(...runs.map((run) => run.statementsSmall)),
      peakRssMb: worst.peakRssMb,
      inputRssMb: worst.inputRssMb,
    };
  },
});

function runChild(args: MillionArgs): Promise<MillionRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", CHILD, JSON.stringify(args)], {
      cwd: BENCH_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`W6 ${args.side} child exited with ${code}: ${output.slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as MillionRun);
      } catch (error) {
        reject(new Error(`W6 ${args.side} child printed no result: ${output.slice(-2000)}`, { cause: error }));
      }
    });
  });
}
