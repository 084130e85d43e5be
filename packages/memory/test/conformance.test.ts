import { linkStoreSuite } from "@modlink/conformance";
import { MemoryLinkStore } from "../src";

linkStoreSuite({
  name: "memory",
  async makeStore() {
    const store = new MemoryLinkStore();
    return { store, storedRows: (table) => store.storedRows(table), close: () => store.close() };
  },
});
