import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchDb } from "../bench-db";
import { emptyContendedTables, verifyContendedRows } from "../contended-pairs";
import type { ContentionLoad } from "../options";
import type { SqlClient } from "../sql-client";
import { percentile } from "../stats";
import { type Side, Sides, type ThroughputResult, type WorkloadFactory } from "../workload";
import type { ChildMessage, ContentionArgs, ParentMessage, ProcessRun } from "./w8-child";

const CHILD = fileURLToPath(new URL("./w8-child.ts", import.meta.url));
const BENCH_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * W8: several OS processes, each with its own pool, create one pair per call,
 * a few calls in flight each, over the same 120 pairs: contention on the
 * same rows and the same unique indexes. The same processes run both sides in
 * turn (the side that goes first alternates), each run starting from empty
 * tables once every process has warmed up. PostgreSQL only: PGlite has one
 * connection, so nothing would contend.
 */
export const w8Contention: WorkloadFactory = (db: BenchDb) => ({
  kind: "contention",
  id: "W8",
  title: "create one pair per call, processes at once, overlapping pairs",
  backends: ["postgres"],
  async measure(load: ContentionLoad, runs: number): Promise<Record<Side, ThroughputResult>> {
    const url = db.childUrl;
    if (url === null) throw new Error("W8 needs a PostgreSQL server that child processes can connect to");
    const starts = await Promise.allSettled(Array.from({ length: load.processes }, (_, processIndex) => startChild({ url, processIndex, load })));
    const children = starts.flatMap((start) => (start.status === "fulfilled" ? [start.value] : []));
    try {
      for (const start of starts) if (start.status === "rejected") throw start.reason;
      const rounds: Record<Side, Round[]> = { modlink: [], baseline: [] };
      for (let run = 0; run < runs; run += 1) {
        const order = run % 2 === 0 ? Sides : [...Sides].reverse();
        for (const side of order) rounds[side].push(await runRound(db.sql, children, side));
      }
      return { modlink: summarize(rounds.modlink), baseline: summarize(rounds.baseline) };
    } finally {
      await Promise.all(children.map((child) => child.stop()));
    }
  },
});

/** One run of one side: every process's calls, and the time from "go" to the last process done. */
interface Round {
  readonly ms: number;
  readonly processes: readonly ProcessRun[];
}

async function runRound(sql: SqlClient, children: readonly ContentionChild[], side: Side): Promise<Round> {
  await Promise.all(children.map((child) => child.prepare(side)));
  await emptyContendedTables(sql, side);
  const start = performance.now();
  const processes = await Promise.all(children.map((child) => child.go()));
  const ms = performance.now() - start;
  await verifyContendedRows(sql, side, new Set(processes.flatMap((run) => run.created)));
  return { ms, processes };
}

function summarize(rounds: readonly Round[]): ThroughputResult {
  const latencies = rounds.flatMap((round) => round.processes.flatMap((run) => run.latenciesMs));
  const errors: Record<string, number> = {};
  for (const run of rounds.flatMap((round) => round.processes)) {
    for (const [code, count] of Object.entries(run.errors)) errors[code] = (errors[code] ?? 0) + count;
  }
  const failed = Object.values(errors).reduce((sum, count) => sum + count, 0);
  return {
    callsPerSecond: rounds.map((round) => round.processes.reduce((sum, run) => sum + run.latenciesMs.length, 0) / (round.ms / 1000)),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    calls: latencies.length + failed,
    errors,
  };
}

/** A child process of W8, driven one request at a time. */
interface ContentionChild {
  /** Opens the side's clients and warms them up. */
  prepare(side: Side): Promise<void>;
  /** Makes this process's calls. */
  go(): Promise<ProcessRun>;
  stop(): Promise<void>;
}

async function startChild(args: ContentionArgs): Promise<ContentionChild> {
  const child = fork(CHILD, [JSON.stringify(args)], { cwd: BENCH_ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const next = () => nextMessage(child, exited, args.processIndex);
  const ask = async (message: ParentMessage) => {
    child.send(message);
    const reply = await next();
    if (reply.type === "failed") throw new Error(`W8 process ${args.processIndex} failed: ${reply.error}`);
    return reply;
  };
  const started = await next().catch((error: unknown) => {
    child.kill();
    throw error;
  });
  if (started.type !== "started") throw new Error(`W8 process ${args.processIndex} answered ${started.type} before starting`);
  return {
    async prepare(side) {
      const reply = await ask({ type: "prepare", side });
      if (reply.type !== "ready") throw new Error(`W8 process ${args.processIndex} answered ${reply.type} to prepare`);
    },
    async go() {
      const reply = await ask({ type: "go" });
      if (reply.type !== "done") throw new Error(`W8 process ${args.processIndex} answered ${reply.type} to go`);
      return reply.run;
    },
    async stop() {
      if (child.exitCode === null && child.connected) child.send({ type: "exit" } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The child's next message, or an error naming the process if it exits first. */
function nextMessage(child: ChildProcess, exited: Promise<number | null>, processIndex: number): Promise<ChildMessage> {
  return Promise.race([
    new Promise<ChildMessage>((resolve) => child.once("message", resolve)),
    exited.then((code): never => {
      throw new Error(`W8 process ${processIndex} exited with ${code} while the parent waited for it`);
    }),
  ]);
}
