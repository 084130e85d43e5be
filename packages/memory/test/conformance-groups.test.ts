import { linkStoreGroups, useSuiteContext } from "@modlink/conformance";
import { describe, expect, it } from "vitest";
import { MemoryLinkStore } from "../src";

/** A store may run the conformance groups one by one, in a describe of its own. */
describe("conformance groups run one by one (memory, bad input only)", () => {
  const ctx = useSuiteContext({
    name: "memory, one group",
    async makeStore() {
      const store = new MemoryLinkStore();
      return { store, storedRows: (table) => store.storedRows(table), close: () => store.close() };
    },
  });
  linkStoreGroups.badInput(ctx);

  it("names every group linkStoreSuite runs", () => {
    expect(Object.keys(linkStoreGroups)).toEqual([
      "create",
      "streamedCreate",
      "extraValues",
      "listAndReplace",
      "listPages",
      "callOptions",
      "returnedLinks",
      "badInput",
      "cascade",
      "readLimits",
    ]);
  });
});
