import type { BenchDb } from "./bench-db";
import type { BackendName, ContentionLoad, Repetitions, Sizes } from "./options";

/** The two ways every workload is done. */
export const Sides = ["modlink", "baseline"] as const;
export type Side = (typeof Sides)[number];

/** One run of one side, prepared (state reset, input built) and not yet timed. */
export interface PreparedRun {
  /** The timed call. */
  call(): Promise<void>;
  /** Untimed: throws unless the call did its work (rows changed, rows returned). */
  verify(): Promise<void>;
}

/** N of the main runs, and the smaller N run once to show statements do not grow with N. */
export interface WorkloadSize {
  readonly main: number;
  readonly small: number;
  /** Rows in the table when the call starts, where that is not N. */
  readonly tableRows?: number;
}

interface WorkloadBase {
  readonly id: string;
  readonly title: string;
  /** The databases it runs on; all when absent. */
  readonly backends?: readonly BackendName[];
  /** Set when this workload repeats another on the store with the change feed on: the other's id (see `feedWorkload`). */
  readonly feedOf?: string;
}

/** A workload timed call by call: the median of several runs of one call. */
interface WorkloadInfo extends WorkloadBase {
  size(sizes: Sizes): WorkloadSize;
}

/** A workload timed in this process, both sides on the same database. */
export interface InProcessWorkload extends WorkloadInfo {
  readonly kind: "in-process";
  /** Once, before any run: tables and the data read-only runs need. */
  setup?(sizes: Sizes): Promise<void>;
  /** Resets the database for one run of `side`, builds its input, returns the call. */
  prepare(side: Side, n: number): Promise<PreparedRun>;
}

/** A workload timed in child processes (one per side), for a clean peak RSS. */
export interface ChildWorkload extends WorkloadInfo {
  readonly kind: "child";
  measure(side: Side, size: WorkloadSize, repetitions: Repetitions): Promise<SideResult>;
}

/**
 * A workload measured as throughput: child processes calling at once, each
 * side in turn on the same processes.
 */
export interface ContentionWorkload extends WorkloadBase {
  readonly kind: "contention";
  measure(load: ContentionLoad, runs: number): Promise<Record<Side, ThroughputResult>>;
}

export type Workload = InProcessWorkload | ChildWorkload | ContentionWorkload;

/** Makes a workload bound to one database. */
export type WorkloadFactory = (db: BenchDb) => Workload;

/** Makes a workload timed in this process, bound to one database. */
export type InProcessWorkloadFactory = (db: BenchDb) => InProcessWorkload;

/** What one side of one workload measured. */
export interface SideResult {
  /** Milliseconds of each measured run (warm-up excluded). */
  readonly samplesMs: readonly number[];
  /**
   * CPU milliseconds this process spent in each measured call: modlink's and
   * the drivers' JavaScript (and, for PGlite, the database itself). Less
   * disturbed by other load on the machine than wall time.
   */
  readonly cpuMs: readonly number[];
  /** Statements per call at N. */
  readonly statements: number;
  /** Statements per call at the small N. */
  readonly statementsSmall: number;
  /** Peak RSS of the process during the call, MB; only where measured. */
  readonly peakRssMb?: number;
  /** RSS with the input built, just before the call, MB. */
  readonly inputRssMb?: number;
}

/** What one side of a contention workload measured, over all its measured runs. */
export interface ThroughputResult {
  /** Successful calls per second of each run, all processes together (from "go" to the last process done). */
  readonly callsPerSecond: readonly number[];
  /** Latency of one successful call, runs pooled, ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Calls made over all runs, failed ones included. */
  readonly calls: number;
  /** Failed calls by error code (modlink's `LinkError` code, the driver's SQLSTATE), over all runs. */
  readonly errors: Readonly<Record<string, number>>;
}

export type WorkloadResult =
  | {
      readonly status: "ok";
      readonly kind: "timed";
      readonly id: string;
      readonly title: string;
      /** As `Workload.feedOf`. */
      readonly feedOf?: string;
      readonly size: WorkloadSize;
      readonly sides: Readonly<Record<Side, SideResult>>;
    }
  | {
      readonly status: "ok";
      readonly kind: "throughput";
      readonly id: string;
      readonly title: string;
      readonly load: ContentionLoad;
      readonly sides: Readonly<Record<Side, ThroughputResult>>;
    }
  | { readonly status: "failed"; readonly id: string; readonly title: string; readonly error: string };
