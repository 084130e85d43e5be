import { RecordModule } from "@modlink/conformance";
import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { MemoryLinkStore } from "../src";

/*
 * One link table reached at two levels of one deletion, from the same side,
 * with the same partner: the partner is deleted through the first level's
 * link, so only that link may say so. Restore must then bring the partner
 * back from the first record alone.
 */
const Brand = defineModule("brand", { models: ["brand"] });
const Collections = defineModule("collections", { models: ["collection"] });
const Images = defineModule("images", { models: ["image"] });
const collectionImage = defineLink(
  { linkable: Collections.linkable.collection, isList: true },
  { linkable: Images.linkable.image, isList: true, deleteCascade: true },
);
const brandCollection = defineLink(Brand.linkable.brand, { linkable: Collections.linkable.collection, isList: true, deleteCascade: true });

function app() {
  const services = {
    brand: new RecordModule("brand", { brand: { key: "brand_id" } }),
    collections: new RecordModule("collections", { collection: { key: "collection_id" } }),
    images: new RecordModule("images", { image: { key: "image_id" } }),
  };
  const store = new MemoryLinkStore();
  const remoteLink = new RemoteLink({ links: [collectionImage, brandCollection], store, services });
  return { services, remoteLink };
}

const ci = (collection: string, image: string) => ({ collections: { collection_id: collection }, images: { image_id: image } });

describe("cascade marks on the memory store", () => {
  it("a partner deleted at level 1 stays marked on its level-1 link when a level-2 link of the same table reaches it again", async () => {
    const { services, remoteLink } = app();
    services.collections.seed("collection", ["k1", "k2"]);
    services.images.seed("image", ["i1"]);
    await remoteLink.create([ci("k1", "i1"), ci("k2", "i1"), { brand: { brand_id: "b1" }, collections: { collection_id: "k2" } }]);

    // The brand goes first, so level 2 reaches (k2, i1) from k2's side, after i1 was deleted through k1.
    const deleted = await remoteLink.delete([{ brand: { brand_id: "b1" } }, { collections: { collection_id: "k1" } }]);
    expect(deleted.records).toEqual({ images: { image_id: ["i1"] }, collections: { collection_id: ["k2"] } });

    const restored = await remoteLink.restore({ collections: { collection_id: "k1" } });
    expect(restored.records).toEqual({ images: { image_id: ["i1"] } });
    expect(services.images.isDeleted("image", "i1")).toBe(false);
    // k2 was deleted through the brand, which is not restored: its links stay deleted.
    expect(services.collections.isDeleted("collection", "k2")).toBe(true);
    const live = await remoteLink.list({ images: { image_id: "i1" } });
    expect(live.map((row) => row.collection_id)).toEqual(["k1"]);
  });

  it("a partner the service did not delete is not restored with the link", async () => {
    const { services, remoteLink } = app();
    services.collections.seed("collection", ["k1"]);
    // i2 is unknown to its module: the delete call leaves it out of its result.
    services.images.seed("image", ["i1"]);
    await remoteLink.create([ci("k1", "i1"), ci("k1", "i2")]);
    const deleted = await remoteLink.delete({ collections: { collection_id: "k1" } });
    expect(deleted.records).toEqual({ images: { image_id: ["i1"] } });
    services.images.calls.length = 0;
    await remoteLink.restore({ collections: { collection_id: "k1" } });
    expect(services.images.calls.map((call) => [call.operation, call.ids])).toEqual([["restore", ["i1"]]]);
    expect((await remoteLink.list({ collections: { collection_id: "k1" } })).map((row) => row.image_id).sort()).toEqual(["i1", "i2"]);
  });
});
