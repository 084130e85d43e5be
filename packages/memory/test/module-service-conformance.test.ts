import { RecordModule, conformanceModules, moduleServiceSuite } from "@modlink/conformance";
import { MemoryLinkStore } from "../src";

/*
 * The record modules the link store suite cascades into keep the contract
 * they stand in for: a module service that commits on its own ("separate").
 */
moduleServiceSuite({
  name: "conformance RecordModule (separate writes)",
  async makeService() {
    const brand = conformanceModules[1];
    const service = new RecordModule(brand.name, { brand: { key: brand.linkable.brand.key } });
    let made = 0;
    return {
      service,
      linkable: brand.linkable.brand,
      async seed(count) {
        const ids = Array.from({ length: count }, () => `brand_${++made}`);
        service.seed("brand", ids);
        return ids;
      },
      isDeleted: async (id) => service.isDeleted("brand", id),
      linkStore: async () => new MemoryLinkStore(),
      close: async () => {},
    };
  },
});
