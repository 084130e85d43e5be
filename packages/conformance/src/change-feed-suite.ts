import { describe, expect, it } from "vitest";
import { changeFeedConsumerTests } from "./change-feed-consumer-tests";
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
 * cursor, `limit` and `links`, options refused before any read, consumer
 * cursors, pruning, and the relay to an event bus.
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
      for (const method of ["readChanges", "loadFeedCursor", "saveFeedCursor", "pruneChanges"] as const) expect(typeof ctx.store[method]).toBe("function");
    });

    changeFeedWriteTests(ctx);
    changeFeedReadTests(ctx);
    changeFeedConsumerTests(ctx);
  });
}
