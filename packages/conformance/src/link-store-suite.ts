import { describe } from "vitest";
import { badInputTests } from "./bad-input-tests";
import { cascadeTests } from "./cascade-tests";
import { createTests } from "./create-tests";
import { extraValueTests } from "./extra-value-tests";
import { listTests } from "./list-replace-tests";
import { listPageTests } from "./list-page-tests";
import { callOptionTests } from "./call-option-tests";
import { returnedLinkTests } from "./returned-link-tests";
import { readLimitTests } from "./read-limit-tests";
import { streamedCreateTests } from "./streamed-create-tests";
import { type LinkStoreSuiteOptions, useSuiteContext } from "./suite-context";

/**
 * The suite's groups, by name, each registering its tests against a
 * `SuiteContext`. A store runs them all with `linkStoreSuite`, or some of
 * them (one group while developing, or all but one it cannot pass yet and
 * says so) inside its own `describe` with `useSuiteContext`:
 *
 * @example
 * describe("my store", () => {
 *   const ctx = useSuiteContext({ name: "my store", makeStore })
 *   linkStoreGroups.create(ctx)
 *   linkStoreGroups.cascade(ctx)
 * })
 */
export const linkStoreGroups = Object.freeze({
  create: createTests,
  streamedCreate: streamedCreateTests,
  extraValues: extraValueTests,
  listAndReplace: listTests,
  listPages: listPageTests,
  callOptions: callOptionTests,
  returnedLinks: returnedLinkTests,
  badInput: badInputTests,
  cascade: cascadeTests,
  readLimits: readLimitTests,
});

/** The name of one group of `linkStoreGroups`. */
export type LinkStoreGroup = keyof typeof linkStoreGroups;

/**
 * Registers every group of the conformance tests for one store. Call it from a test file:
 *
 * @example
 * linkStoreSuite({
 *   name: "memory",
 *   async makeStore() {
 *     const store = new MemoryLinkStore()
 *     return { store, storedRows: (table) => store.storedRows(table), close: () => store.close() }
 *   },
 * })
 */
export function linkStoreSuite(options: LinkStoreSuiteOptions): void {
  describe(`LinkStore conformance: ${options.name}`, () => {
    const ctx = useSuiteContext(options);
    for (const group of Object.values(linkStoreGroups)) group(ctx);
  });
}
