import { describe } from "vitest";
import { badInputTests } from "./bad-input-tests";
import { cascadeTests } from "./cascade-tests";
import { createTests } from "./create-tests";
import { extraValueTests } from "./extra-value-tests";
import { listTests } from "./list-replace-tests";
import { readLimitTests } from "./read-limit-tests";
import { streamedCreateTests } from "./streamed-create-tests";
import { type LinkStoreSuiteOptions, useSuiteContext } from "./suite-context";

/**
 * Registers the conformance tests for one store. Call it from a test file:
 *
 * @example
 * linkStoreSuite({
 *   name: "memory",
 *   async makeStore() {
 *     const store = new MemoryLinkStore()
 *     return { store, rawRows: (table) => store.rawRows(table), close: () => store.close() }
 *   },
 * })
 */
export function linkStoreSuite(options: LinkStoreSuiteOptions): void {
  describe(`LinkStore conformance: ${options.name}`, () => {
    const ctx = useSuiteContext(options);
    createTests(ctx);
    streamedCreateTests(ctx);
    extraValueTests(ctx);
    listTests(ctx);
    badInputTests(ctx);
    cascadeTests(ctx);
    readLimitTests(ctx);
  });
}
