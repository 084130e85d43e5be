import { changeFeedSuite } from "@modlink/conformance";
import { MemoryLinkStore } from "../src";

changeFeedSuite({
  name: "memory",
  async makeStore() {
    const store = new MemoryLinkStore({ changeFeed: true });
    return { store, storedRows: (table) => store.storedRows(table), close: () => store.close() };
  },
});
