import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { MemoryLinkStore } from "../src";

const Catalog = defineModule("catalog", { models: [{ name: "product", fields: ["handle"] }] });
const Pricing = defineModule("pricing", { models: { currency: { primaryKey: "code" } } });
/** A product's handle to its currency's code: neither side is keyed by an `id`. */
const productCurrency = defineLink({ linkable: Catalog.linkable.product.handle, isList: true }, Pricing.linkable.currency);

describe("links keyed by a primary key other than id, and by a declared field", () => {
  it("take and list ids under <model>_<field> keys; delete by either key soft-deletes the links", async () => {
    const remoteLink = new RemoteLink({ links: [productCurrency], store: new MemoryLinkStore() });
    await remoteLink.create({ catalog: { product_handle: "shirt" }, pricing: { currency_code: "eur" } });
    expect(await remoteLink.list({ pricing: { currency_code: "eur" } })).toEqual([
      expect.objectContaining({ product_handle: "shirt", currency_code: "eur", deleted_at: null }),
    ]);
    await expect(remoteLink.create({ catalog: { product_id: "p1" }, pricing: { currency_code: "eur" } } as never)).rejects.toMatchObject({
      code: "UNKNOWN_KEY",
    });
    await remoteLink.delete({ pricing: { currency_code: "eur" } });
    expect(await remoteLink.list({ pricing: { currency_code: "eur" } })).toEqual([]);
    await remoteLink.restore({ pricing: { currency_code: "eur" } });
    await remoteLink.delete({ catalog: { product_handle: "shirt" } });
    expect(await remoteLink.list({ catalog: { product_handle: "shirt" } }, { withDeleted: true })).toEqual([
      expect.objectContaining({ product_handle: "shirt", deleted_at: expect.any(Date) }),
    ]);
  });
});
