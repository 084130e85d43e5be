import { type LinkStore, type LinkStoreTransaction, LinkStoreError, RemoteLink, defineLink, defineModule } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { MemoryLinkStore } from "../src";

const Product = defineModule("product", { models: ["product"] });
const Tag = defineModule("tag", { models: ["tag"] });
const productTag = defineLink({ linkable: Product.linkable.product, isList: true }, { linkable: Tag.linkable.tag, isList: true });
const pair = { product: { product_id: "p1" }, tag: { tag_id: "t1" } };

const RETURNING = new Set<PropertyKey>(["upsertLinksReturning", "dismissLinksReturning"]);

function withoutReturning(tx: LinkStoreTransaction): LinkStoreTransaction {
  return new Proxy(tx, {
    get: (target, name) => {
      if (RETURNING.has(name)) return undefined;
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The memory store with its transactions stripped of the optional returning methods, as a store that predates them. */
function storeWithoutReturning(inner: MemoryLinkStore): LinkStore {
  return {
    capabilities: inner.capabilities,
    transaction: (work, options) => inner.transaction((tx) => work(withoutReturning(tx)), options),
    close: () => inner.close(),
  };
}

describe("returnLinks on a store whose transactions cannot return rows", () => {
  it("fails with MISSING_CAPABILITY naming the store method, and writes nothing", async () => {
    const inner = new MemoryLinkStore();
    const remoteLink = new RemoteLink({ links: [productTag], store: storeWithoutReturning(inner) });
    const created = await remoteLink.create(pair, { returnLinks: true }).catch((e: unknown) => e);
    expect(created).toBeInstanceOf(LinkStoreError);
    expect(created).toMatchObject({ code: "MISSING_CAPABILITY", message: expect.stringContaining("upsertLinksReturning") });
    expect(await remoteLink.list(pair, { withDeleted: true })).toEqual([]);
    await remoteLink.create(pair);
    const dismissed = await remoteLink.dismiss(pair, { returnLinks: true }).catch((e: unknown) => e);
    expect(dismissed).toMatchObject({ code: "MISSING_CAPABILITY", message: expect.stringContaining("dismissLinksReturning") });
    expect(await remoteLink.list(pair)).toHaveLength(1);
  });
});
