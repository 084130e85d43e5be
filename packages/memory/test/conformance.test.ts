import { linkStoreSuite } from "@modlink/conformance";
import { MemoryLinkStore } from "../src";

linkStoreSuite({
  name: "memory",
  async makeStore() {
    const store = new MemoryLinkStore();
    return { store, rawRows: (table) => store.rawRows(table), close: () => store.close() };
  },
});
