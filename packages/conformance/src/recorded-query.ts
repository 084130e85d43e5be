import { LinkError, type LinkStore, RemoteLink } from "@modlink/core";
import { type GraphOptions, type GraphQuery, LinkQuery, type QueryableModuleService, type RecordCallOptions, type RecordQuery } from "@modlink/query";
import { expect } from "vitest";
import { queryLinks, queryReadOnlyLinks } from "./query-fixture";
import type { QueryHarness } from "./query-harness";
import { RecordingStore } from "./recording-store";

/** One `listRecords` call as a module saw it. */
export interface FetchCall {
  readonly module: string;
  readonly model: string;
  readonly query: RecordQuery;
  /** The third argument, with the call's `context`. */
  readonly options: RecordCallOptions | undefined;
}

/** A `LinkQuery` over the fixture, with a record of every module fetch, link read and joined read since the last `reset`. */
export interface RecordedQuery {
  readonly query: LinkQuery;
  readonly fetches: FetchCall[];
  /** Link tables read, one entry per `listLinks`. */
  readonly linkReads: string[];
  /** Reads of the store's `joinReader`: `hop <link table or target table>` or `page <root table>`. */
  readonly joinReads: string[];
  /** Statements sent to the database since the last reset; undefined when the harness does not count them. */
  readonly statements: (() => number) | undefined;
  /** Most module fetches in flight at once since the last reset. */
  maxInFlight(): number;
  reset(): void;
}

/**
 * A `LinkQuery` over recording wrappers of `store` and `modules` (the
 * fixture links seeded in `store`). Statements are counted when `counter`
 * counts them (a harness's `statementsSent`).
 */
export function openRecordedQuery(
  store: LinkStore,
  modules: Readonly<Record<string, QueryableModuleService>>,
  counter: Pick<QueryHarness, "statementsSent">,
): RecordedQuery {
  const remoteLink = new RemoteLink({ links: queryLinks, store });
  const fetches: FetchCall[] = [];
  const linkReads: string[] = [];
  const joinReads: string[] = [];
  const sent = () => counter.statementsSent?.() ?? 0;
  let sentAtReset = sent();
  let inFlight = 0;
  let maxInFlight = 0;
  const recorded = Object.fromEntries(
    Object.entries(modules).map(([module, service]): [string, QueryableModuleService] => [
      module,
      {
        ...service,
        async listRecords(model, query, options) {
          fetches.push({ module, model, query, options });
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          try {
            return await service.listRecords(model, query, options);
          } finally {
            inFlight--;
          }
        },
      },
    ]),
  );
  const recordingStore = new RecordingStore(store, linkReads, joinReads);
  return {
    query: new LinkQuery({ graph: remoteLink.graph, store: recordingStore, modules: recorded, readOnlyLinks: queryReadOnlyLinks }),
    fetches,
    linkReads,
    joinReads,
    statements: counter.statementsSent === undefined ? undefined : () => sent() - sentAtReset,
    maxInFlight: () => maxInFlight,
    reset() {
      fetches.length = 0;
      linkReads.length = 0;
      joinReads.length = 0;
      sentAtReset = sent();
      maxInFlight = 0;
    },
  };
}

/** Expects `count` statements since the last reset, where the harness counts them; without `statementsSent` there is nothing to check. */
export function expectStatements(recorded: RecordedQuery, count: number): void {
  if (recorded.statements) expect(recorded.statements()).toBe(count);
}

/** Nothing was read: no module fetch, no link read, no joined read, no statement (where the harness counts them). */
export function expectNoReads(recorded: RecordedQuery): void {
  expect([recorded.fetches.length, recorded.linkReads.length, recorded.joinReads.length]).toEqual([0, 0, 0]);
  expectStatements(recorded, 0);
}

/** The `LinkError` a `graph` call fails with (`E` names the fields a test reads); a test failure when it succeeds or throws anything else. */
export async function graphFailure<E extends LinkError = LinkError>(recorded: RecordedQuery, query: GraphQuery, options?: GraphOptions): Promise<E> {
  const outcome = await recorded.query.graph(query, options).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof LinkError)) throw new Error(`expected a LinkError from ${JSON.stringify(query)}, got ${String(outcome)}`);
  return outcome as E;
}
