/** The databases the bench runs against. */
export const BackendNames = ["postgres", "pglite"] as const;
export type BackendName = (typeof BackendNames)[number];

/** How big each workload is. */
export interface Sizes {
  /** Links created, dismissed, deleted and restored by W1-W5 (and root records of W4b). */
  readonly links: number;
  /** Ids listed by W2 and W7. */
  readonly listIds: number;
  /** Links created by W6 in one call. */
  readonly million: number;
  /** Live links in the table W7 lists from. */
  readonly largeTable: number;
  /** The smaller size each workload also runs once at, to show statements do not grow with N. */
  readonly small: number;
  /** W8's load: processes writing the same pairs at once. */
  readonly contention: ContentionLoad;
}

/** Several OS processes making many small calls at once over the same few pairs. */
export interface ContentionLoad {
  readonly processes: number;
  /** Calls each process makes per run. */
  readonly callsPerProcess: number;
  /** Calls each process keeps in flight (its pool holds as many connections). */
  readonly inFlight: number;
}

/** How often each workload runs. */
export interface Repetitions {
  readonly warmup: number;
  readonly runs: number;
  /** Runs of W6 (each a 1M-row create), after one smaller warm-up call. */
  readonly millionRuns: number;
  /** Runs of W8 per side (each process warms up before each run). */
  readonly contentionRuns: number;
}

export interface BenchOptions {
  readonly quick: boolean;
  readonly backends: readonly BackendName[];
  /** Workload ids to run (`W1`, `W4b`, ...); null runs all. */
  readonly only: ReadonlySet<string> | null;
  readonly sizes: Sizes;
  readonly repetitions: Repetitions;
  /** PostgreSQL server to create the scratch database on. */
  readonly postgresUrl: string;
  /** Also write the report (machine, command, table) to this file. */
  readonly outFile: string | null;
  /** Also write every sample as JSON to this file. */
  readonly jsonFile: string | null;
}

const FULL: { sizes: Sizes; repetitions: Repetitions } = {
  sizes: {
    links: 10_000,
    listIds: 1_000,
    million: 1_000_000,
    largeTable: 1_000_000,
    small: 100,
    contention: { processes: 8, callsPerProcess: 1_000, inFlight: 4 },
  },
  repetitions: { warmup: 2, runs: 9, millionRuns: 3, contentionRuns: 3 },
};

const QUICK: { sizes: Sizes; repetitions: Repetitions } = {
  sizes: { links: 1_000, listIds: 100, million: 20_000, largeTable: 20_000, small: 10, contention: { processes: 2, callsPerProcess: 50, inFlight: 4 } },
  repetitions: { warmup: 1, runs: 3, millionRuns: 1, contentionRuns: 1 },
};

const USAGE = `usage: pnpm --filter @modlink/bench bench -- [--quick] [--backend=postgres|pglite] [--only=W1,W4b] [--runs=N] [--out=FILE] [--json=FILE]
  --quick      small sizes (N/10, 1M workloads at 20k, W8 2 processes x 50 calls), few runs: a smoke test, seconds not minutes
  --backend    run one backend only (default: both; W8 runs on postgres only)
  --only       run only these workloads (W1-W8, W4b, W5b); W1, W3 and W4 also run with the change feed on ("W1 feed", ...)
  --runs=N     measured runs per side (default 9, --quick 3)
  --out=FILE   also write the Markdown report to FILE
  --json=FILE  also write every sample as JSON to FILE
  PostgreSQL:  $BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres (a scratch database is created and dropped)`;

/** Reads the command line once into frozen options. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  let quick = false;
  let backends: BackendName[] = [...BackendNames];
  let only: Set<string> | null = null;
  let outFile: string | null = null;
  let jsonFile: string | null = null;
  let runs: number | null = null;
  for (const arg of argv) {
    const [flag, value] = splitFlag(arg);
    if (arg === "--") continue;
    else if (flag === "--quick") quick = true;
    else if (flag === "--backend" && isBackend(value)) backends = [value];
    else if (flag === "--only" && value) only = new Set(value.split(",").map((id) => id.trim().toUpperCase()));
    else if (flag === "--out" && value) outFile = value;
    else if (flag === "--json" && value) jsonFile = value;
    else if (flag === "--runs" && value && /^[1-9][0-9]*$/.test(value)) runs = Number(value);
    else if (flag === "--help") throw new UsageError(USAGE);
    else throw new UsageError(`unknown or incomplete argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  const preset = quick ? QUICK : FULL;
  return Object.freeze({
    quick,
    backends,
    only,
    sizes: preset.sizes,
    repetitions: runs === null ? preset.repetitions : { ...preset.repetitions, runs },
    postgresUrl: env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    outFile,
    jsonFile,
  });
}

/** Thrown for bad arguments; main prints its message and exits 2. */
export class UsageError extends Error {}

function splitFlag(arg: string): [string, string | undefined] {
  const at = arg.indexOf("=");
  return at < 0 ? [arg, undefined] : [arg.slice(0, at), arg.slice(at + 1)];
}

function isBackend(value: string | undefined): value is BackendName {
  return (BackendNames as readonly (string | undefined)[]).includes(value);
}
