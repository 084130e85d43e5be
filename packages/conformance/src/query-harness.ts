import type { AnyLinkDefinition, LinkStore } from "@modlink/core";
import { afterAll, beforeAll } from "vitest";
import { type QueryModuleServices, queryLinks, seedQueryLinks } from "./query-fixture";

/** What a store hands the query suites: a store holding no links yet, and the fixture's module services. */
export interface QueryHarness {
  /** A fresh store whose link tables exist for the links given to `makeStore`; the suite creates the fixture's links in it. */
  readonly store: LinkStore;
  /**
   * A query service for each fixture module, over `queryRows` (in module
   * tables the harness created, or `inMemoryQueryServices()`), without
   * `sqlSource`: reads go through `listRecords`.
   */
  readonly modules: QueryModuleServices;
  /**
   * Optional: how many statements the store and the modules have sent to
   * their database so far (a knex `query` listener's count). Given, the
   * suites also check what reads cost in statements, and that refused
   * queries send none; omitted, those checks are left out and every other
   * one still runs.
   */
  statementsSent?(): number;
  /** Releases the store and whatever the harness created for it. */
  close(): Promise<void>;
}

/**
 * Registers hooks that make the harness once per suite, create the fixture's
 * links in its store and build what the tests use with `open`; closes the
 * harness after the suite. Returns a getter valid inside tests.
 */
export function useQueryHarness<H extends QueryHarness, T>(makeStore: (links: readonly AnyLinkDefinition[]) => Promise<H>, open: (harness: H) => T): () => T {
  let harness: H | undefined;
  let opened: { readonly value: T } | undefined;
  beforeAll(async () => {
    harness = await makeStore(queryLinks);
    await seedQueryLinks(harness.store);
    opened = { value: open(harness) };
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!opened) throw new Error("The query suite's harness exists inside its tests only (it is made in beforeAll).");
    return opened.value;
  };
}
