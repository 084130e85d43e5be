import type { AnyLinkDefinition } from "@modlink/core";
import { joinReaderOf } from "@modlink/query";
import { describe } from "vitest";
import { queryLimitTests } from "./query-limit-tests";
import { queryOptionTests } from "./query-option-tests";
import { type QueryHarness, useQueryHarness } from "./query-harness";
import { queryTests } from "./query-tests";
import { type RecordedQuery, openRecordedQuery } from "./recorded-query";

export interface QuerySuiteOptions {
  /** Shown in test names, e.g. "memory" or "knex + PostgreSQL". */
  readonly name: string;
  /**
   * Whether the harness's modules declare `queryCapabilities.parallelReads`:
   * sibling hops must then run side by side, else one at a time. Given here,
   * not read from the modules, because it names a test; the suite checks that
   * the modules agree.
   */
  readonly parallelReads: boolean;
  /** A fresh store whose link tables exist for these links (sync them first), and the fixture's module services. */
  makeStore(links: readonly AnyLinkDefinition[]): Promise<QueryHarness>;
}

/**
 * The query suite: `LinkQuery.graph` over the query fixture, read through
 * module fetches and the store's `listLinks`, for any `LinkStore`. One
 * relations and list relations, link columns, read-only links, filters and
 * sorts by linked fields, paging, `withDeleted`, errors naming what exists,
 * every `QueryLimits` limit, and Medusa's `throwIfKeyNotFound`,
 * `throwIfRelationNotFound` and `context` (which every `listRecords` call
 * must receive). Joined SQL reads are `joinReadSuite`'s.
 *
 * @example
 * querySuite({
 *   name: "memory",
 *   parallelReads: false,
 *   async makeStore() {
 *     const store = new MemoryLinkStore()
 *     return { store, modules: inMemoryQueryServices(), close: () => store.close() }
 *   },
 * })
 */
export function querySuite(options: QuerySuiteOptions): void {
  describe(`LinkQuery conformance: ${options.name}`, () => {
    const recorded = useQueryHarness(
      (links) => options.makeStore(links),
      (harness) => openThroughModules(harness, options.parallelReads),
    );
    queryTests(recorded, { reads: "modules", parallelReads: options.parallelReads });
    queryLimitTests(recorded, "modules");
    queryOptionTests(recorded, "modules");
  });
}

/** The recorded query over the harness, once its modules are checked to be read through `listRecords` as declared. */
function openThroughModules(harness: QueryHarness, parallelReads: boolean): RecordedQuery {
  const database = joinReaderOf(harness.store)?.database;
  for (const [name, service] of Object.entries(harness.modules)) {
    if (database !== undefined && service.sqlSource?.database === database) {
      throw new Error(
        `querySuite reads through module fetches, but module "${name}" declares sqlSource in the store's database "${database}", ` +
          "so its reads are joined. Give querySuite modules without sqlSource; joinReadSuite tests joined reads.",
      );
    }
    const declared = service.queryCapabilities?.parallelReads ?? false;
    if (declared !== parallelReads) {
      throw new Error(
        `querySuite was given parallelReads: ${String(parallelReads)}, but module "${name}" declares queryCapabilities.parallelReads: ${String(declared)}. ` +
          "Make them agree.",
      );
    }
  }
  return openRecordedQuery(harness.store, harness.modules, harness);
}
