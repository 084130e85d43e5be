// Child process of W8: one of the processes calling at once. It holds one
// side's clients at a time (modlink: its own knex pool, KnexLinkStore and
// RemoteLink; baseline: its own pg pool) and makes its calls when told to go,
// so every process starts together and process start-up is never timed.
import { KnexLinkStore } from "@modlink/knex";
import makeKnex from "knex";
import { CONTENDED_PAIRS, type ContendedPair, contendedCalls, contendedRemoteLink, createByRemoteLink, createPairBySql } from "../contended-pairs";
import type { ContentionLoad } from "../options";
import { pgPoolSqlClient } from "../sql-client";
import type { Side } from "../workload";

export interface ContentionArgs {
  readonly url: string;
  readonly processIndex: number;
  readonly load: ContentionLoad;
}

/** What the parent asks, one request at a time. */
export type ParentMessage = { readonly type: "prepare"; readonly side: Side } | { readonly type: "go" } | { readonly type: "exit" };

/** What a child answers: `started` once, then one answer per request. */
export type ChildMessage =
  | { readonly type: "started" }
  | { readonly type: "ready" }
  | { readonly type: "done"; readonly run: ProcessRun }
  | { readonly type: "failed"; readonly error: string };

/** One process's share of one run. */
export interface ProcessRun {
  /** Latency of each successful call, ms. */
  readonly latenciesMs: readonly number[];
  /** Failed calls by error code. */
  readonly errors: Readonly<Record<string, number>>;
  /** Indexes into `CONTENDED_PAIRS` of the pairs a call of this process created. */
  readonly created: readonly number[];
}

/** One side's clients in this process. */
interface SideClient {
  call(pair: ContendedPair): Promise<void>;
  close(): Promise<void>;
}

function openSide(side: Side, url: string, inFlight: number): SideClient {
  if (side === "modlink") {
    // What createKnex makes for a postgres:// URL, with the pool sized like the
    // baseline's and idle connections kept, so no run pays for connecting.
    const knex = makeKnex({ client: "pg", connection: url, pool: { min: 0, max: inFlight, idleTimeoutMillis: 600_000 } });
    const remoteLink = contendedRemoteLink(new KnexLinkStore({ knex }));
    return { call: (pair) => createByRemoteLink(remoteLink, pair), close: () => knex.destroy() };
  }
  const sql = pgPoolSqlClient(url, inFlight);
  return { call: (pair) => createPairBySql(sql, pair), close: () => sql.close() };
}

/** Makes the calls, `inFlight` at a time, each timed on its own. */
async function makeCalls(client: SideClient, calls: readonly number[], inFlight: number): Promise<ProcessRun> {
  const latenciesMs: number[] = [];
  const errors: Record<string, number> = {};
  const created = new Set<number>();
  let next = 0;
  const lane = async () => {
    while (next < calls.length) {
      const pairIndex = calls[next++] as number;
      const start = performance.now();
      try {
        await client.call(CONTENDED_PAIRS[pairIndex] as ContendedPair);
        latenciesMs.push(performance.now() - start);
        created.add(pairIndex);
      } catch (error) {
        const code = errorCode(error);
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return { latenciesMs, errors, created: [...created] };
}

/** modlink's `LinkError` code (with the driver's SQLSTATE it kept as cause), or the driver's SQLSTATE. */
function errorCode(error: unknown): string {
  const own = codeOf(error) ?? (error instanceof Error ? error.name : "unknown");
  const cause = error instanceof Error ? codeOf(error.cause) : undefined;
  return cause === undefined || cause === own ? own : `${own} (${cause})`;
}

function codeOf(value: unknown): string | undefined {
  return typeof value === "object" && value !== null && "code" in value && typeof value.code === "string" ? value.code : undefined;
}

function main(args: ContentionArgs): void {
  const { url, processIndex, load } = args;
  const calls = contendedCalls(processIndex, load.callsPerProcess);
  // Warm-up: the first calls of the sequence, before the parent empties the tables.
  const warmup = calls.slice(0, Math.min(calls.length, load.inFlight * 5));
  let client: SideClient | undefined;
  let leaving = false;

  const answer = async (message: ParentMessage): Promise<ChildMessage | undefined> => {
    switch (message.type) {
      case "prepare":
        await client?.close();
        client = openSide(message.side, url, load.inFlight);
        await makeCalls(client, warmup, load.inFlight);
        return { type: "ready" };
      case "go":
        if (client === undefined) throw new Error("go before prepare");
        return { type: "done", run: await makeCalls(client, calls, load.inFlight) };
      case "exit":
        leaving = true;
        await client?.close();
        process.disconnect();
        return undefined;
    }
  };
  process.on("message", (message: ParentMessage) => {
    answer(message).then(
      (reply) => reply && process.send?.(reply),
      (error: unknown) =>
        process.send?.({ type: "failed", error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ChildMessage),
    );
  });
  // A parent that died (Ctrl-C, crash) leaves no child behind.
  process.on("disconnect", () => process.exit(leaving ? 0 : 1));
  process.send?.({ type: "started" } satisfies ChildMessage);
}

main(JSON.parse(process.argv[2] ?? "{}") as ContentionArgs);
