import { describe, expect, it } from "vitest";
import { changeFeedReadTests } from "./change-feed-read-tests";
import { changeFeedWriteTests } from "./change-feed-write-tests";
import { type LinkStoreSuiteOptions, useSuiteContext } from "./suite-context";

/** Options of `changeFeedSuite`: a fresh store, made as for `linkStoreSuite`, that declares `capabilities.changeFeed`. */
export type ChangeFeedSuiteOptions = LinkStoreSuiteOptions;

/**
 * The capability suite of stores that declare `capabilities.changeFeed`,
 * run through `remoteLink.changes()`: what each write records (created,
 * updated, revived, dismissed, deleted, restored, and nothing for a failed
 * call), positions without gaps under concurrent writes, resuming from a
 * cursor, `limit` and `links`, and options refused before any read.
 *
 * @example
 * changeFeedSuite({
 *   name: "memory",
 *   async makeStore() {
 *     const store = new MemoryLinkStore({ changeFeed: true })
 *     return { store, storedRows: (table) => store.storedRows(table), close: () => store.close() }
 *   },
 * })
 */
export function changeFeedSuite(options: ChangeFeedSuiteOptions): void {
  describe(`LinkStore change feed: ${options.name}`, () => {
    const ctx = useSuiteContext(options);

    it("declares the capability", () => {
      expect(ctx.store.capabilities.changeFeed).toBe(true);
      expect(typeof ctx.store.readChanges).toBe("function");
    });

    changeFeedWriteTests(ctx);
    changeFeedReadTests(ctx);
  });
}
