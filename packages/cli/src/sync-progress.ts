import type { SyncStep } from "@modlink/knex";
import type { Knex } from "knex";

/** What the progress listener reports: a step starting, or finishing after `ms`. */
export type ProgressEvent = { readonly kind: "start"; readonly index: number } | { readonly kind: "done"; readonly index: number; readonly ms: number };

interface QueryData {
  readonly sql?: unknown;
}

/**
 * Reports each planned step as its statements run, by watching the queries
 * knex sends: `syncLinkTables` applies everything in one call, and a long
 * `create index` should not look like a hang. Returns the detach function.
 *
 * @example const stop = watchSteps(knex, planned, (event) => console.log(event)); try { await sync() } finally { stop() }
 */
export function watchSteps(knex: Knex, steps: readonly SyncStep[], report: (event: ProgressEvent) => void): () => void {
  const statements = steps.flatMap((step, index) =>
    step.sql.map((sql, position) => ({ sql, index, first: position === 0, last: position === step.sql.length - 1 })),
  );
  let next = 0;
  let running: { readonly index: number; readonly started: number } | undefined;
  const onQuery = (data: QueryData) => {
    const expected = statements[next];
    if (expected === undefined || data.sql !== expected.sql) return;
    if (expected.first) {
      running = { index: expected.index, started: performance.now() };
      report({ kind: "start", index: expected.index });
    }
  };
  const onResponse = (_response: unknown, data: QueryData) => {
    const expected = statements[next];
    if (expected === undefined || data.sql !== expected.sql) return;
    next += 1;
    if (expected.last && running !== undefined) {
      report({ kind: "done", index: expected.index, ms: Math.round(performance.now() - running.started) });
      running = undefined;
    }
  };
  knex.on("query", onQuery);
  knex.on("query-response", onResponse);
  return () => {
    knex.removeListener("query", onQuery);
    knex.removeListener("query-response", onResponse);
  };
}
