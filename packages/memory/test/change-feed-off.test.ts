import { LinkStoreError, RemoteLink, defineLink, defineModule } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { MemoryLinkStore } from "../src";

const Product = defineModule("product", { models: ["product"] });
const Tag = defineModule("tag", { models: ["tag"] });
const productTag = defineLink({ linkable: Product.linkable.product, isList: true }, { linkable: Tag.linkable.tag, isList: true });

describe("a MemoryLinkStore made without the change feed", () => {
  it("declares none, and remoteLink.changes() fails with MISSING_CAPABILITY", async () => {
    const store = new MemoryLinkStore();
    const remoteLink = new RemoteLink({ links: [productTag], store });
    await remoteLink.create({ product: { product_id: "p1" }, tag: { tag_id: "t1" } });
    expect(store.capabilities.changeFeed).toBe(false);
    const error = await remoteLink.changes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinkStoreError);
    expect(error).toMatchObject({ code: "MISSING_CAPABILITY" });
  });
});
