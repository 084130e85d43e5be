import { inMemoryQueryServices, querySuite } from "@modlink/conformance";
import { MemoryLinkStore } from "../src";

querySuite({
  name: "memory, in-memory modules",
  parallelReads: false,
  async makeStore() {
    const store = new MemoryLinkStore();
    return { store, modules: inMemoryQueryServices(), close: () => store.close() };
  },
});
