import { type AnyLinkDefinition, RemoteLink } from "@modlink/core";
import { joinReaderOf } from "@modlink/query";
import { describe } from "vitest";
import { type JoinReadQueries, joinReadTests } from "./join-read-tests";
import { type QueryModuleName, type QueryModuleServices, queryLinks } from "./query-fixture";
import { type QueryHarness, useQueryHarness } from "./query-harness";
import { queryLimitTests } from "./query-limit-tests";
import { queryOptionTests } from "./query-option-tests";
import { queryTests } from "./query-tests";
import { openRecordedQuery } from "./recorded-query";

/** A harness whose store declares `capabilities.joinReads` and whose module tables are in the store's database. */
export interface JoinReadHarness extends QueryHarness {
  /**
   * The fixture's modules over the same tables as `modules`, each declaring
   * `sqlSource` with the database name `databases` gives it (and the
   * schema and tables the harness created). The suite names the store's
   * `joinReader.database` to have them joined, and another name for one
   * module to keep that one on the general path.
   */
  sqlModules(databases: Readonly<Record<QueryModuleName, string>>): QueryModuleServices;
}

export interface JoinReadSuiteOptions {
  /** Shown in test names. */
  readonly name: string;
  /** A fresh store declaring `joinReads`, whose link tables exist for these links (sync them first), and the fixture's module services. */
  makeStore(links: readonly AnyLinkDefinition[]): Promise<JoinReadHarness>;
}

/**
 * The capability suite of stores that declare `capabilities.joinReads`: the
 * query suite's tests on the joined path (modules declaring `sqlSource` in
 * the store's database; each hop one statement), then the same queries read
 * joined, partly joined (the brand module in another database) and through
 * module fetches, which must all agree.
 *
 * @example
 * joinReadSuite({
 *   name: "knex + PGlite",
 *   async makeStore(links) {
 *     const harness = await myQueryHarness(knex, links) // store: new KnexLinkStore({ knex, database: "main" })
 *     return { ...harness, sqlModules: (databases) => myModules(knex, { databases }) }
 *   },
 * })
 */
export function joinReadSuite(options: JoinReadSuiteOptions): void {
  describe(`LinkQuery joined reads: ${options.name}`, () => {
    const queries = useQueryHarness((links) => options.makeStore(links), openJoinReadQueries);
    const joins = () => queries().joins;
    queryTests(joins, { reads: "joins" });
    queryLimitTests(joins, "joins");
    queryOptionTests(joins, "joins");
    // Last: its final test changes links.
    joinReadTests(queries);
  });
}

function openJoinReadQueries(harness: JoinReadHarness): JoinReadQueries {
  const reader = joinReaderOf(harness.store);
  if (!reader) {
    throw new Error("joinReadSuite is for stores declaring capabilities.joinReads with a joinReader; the harness's store declares no joinReads.");
  }
  const here = reader.database;
  const elsewhere = `${here}_elsewhere`;
  return {
    modules: openRecordedQuery(harness.store, harness.modules, harness),
    joins: openRecordedQuery(harness.store, harness.sqlModules({ product: here, brand: here, helloModuleService: here }), harness),
    mixed: openRecordedQuery(harness.store, harness.sqlModules({ product: here, brand: elsewhere, helloModuleService: here }), harness),
    remoteLink: new RemoteLink({ links: queryLinks, store: harness.store }),
  };
}
