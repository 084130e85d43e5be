import { describe, expect, it } from "vitest";
import { FeedRelay, type LinkChange, linkEntityName, linkEventsOf } from "../src";
import { MinimalStore } from "./minimal-store";

const change = (operation: LinkChange["operation"]): LinkChange => ({
  position: "7",
  link: "link_product_product_brand_brand",
  operation,
  id: "link_1",
  keys: { product_id: "p1", brand_id: "b1" },
  data: null,
  deletionId: operation === "deleted" || operation === "restored" ? "del_1" : null,
  at: new Date("2026-01-01T00:00:00Z"),
});

describe("link events", () => {
  it("name a link's entity in PascalCase, as Medusa's link events do", () => {
    expect(linkEntityName("link_product_product_brand_brand")).toBe("ProductProductBrandBrand");
    expect(linkEntityName("link_product_product_brand_brand_featured")).toBe("ProductProductBrandBrandFeatured");
  });

  it("give modlink's event for every operation and Medusa's attached / detached where Medusa has one", () => {
    const names = (operation: LinkChange["operation"]) => linkEventsOf(change(operation)).map((event) => event.name);
    expect(names("created")).toEqual(["link.created", "ProductProductBrandBrand.attached"]);
    expect(names("revived")).toEqual(["link.created", "ProductProductBrandBrand.attached"]);
    expect(names("restored")).toEqual(["link.restored", "ProductProductBrandBrand.attached"]);
    expect(names("updated")).toEqual(["link.updated"]);
    expect(names("dismissed")).toEqual(["link.dismissed", "ProductProductBrandBrand.detached"]);
    expect(names("deleted")).toEqual(["link.deleted", "ProductProductBrandBrand.detached"]);
  });

  it("carry the link id, both keys and the position; modlink's carry the whole change", () => {
    const [own, medusa] = linkEventsOf(change("deleted"));
    expect(medusa).toEqual({
      name: "ProductProductBrandBrand.detached",
      data: { id: "link_1", product_id: "p1", brand_id: "b1" },
      metadata: { position: "7", source: "modlink" },
    });
    expect(own?.data).toEqual({
      id: "link_1",
      link: "link_product_product_brand_brand",
      operation: "deleted",
      product_id: "p1",
      brand_id: "b1",
      data: null,
      deletion_id: "del_1",
      at: "2026-01-01T00:00:00.000Z",
      position: "7",
    });
  });
});

describe("FeedRelay", () => {
  const remoteLink = { changes: async () => ({ changes: [], cursor: "0" }) };
  const eventBus = { emit: async () => {} };

  it("refuses a store without a change feed, and unusable options, when it is made", () => {
    expect(() => new FeedRelay({ remoteLink, store: new MinimalStore(), eventBus })).toThrow(expect.objectContaining({ code: "MISSING_CAPABILITY" }));
    const feedStore = Object.assign(new MinimalStore(), {
      capabilities: { outerTransaction: false, changeFeed: true },
      loadFeedCursor: async () => null,
      saveFeedCursor: async () => {},
    });
    for (const bad of [{ consumer: "no spaces" }, { batchSize: 0 }, { batchSize: 10_001 }, { idleMs: 0 }, { eventBus: {} as never }]) {
      expect(() => new FeedRelay({ remoteLink, store: feedStore, eventBus, ...bad })).toThrow(expect.objectContaining({ code: "INVALID_DEFINITION" }));
    }
  });
});
