import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { MemoryLinkStore } from "../src";

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
const productBrand = defineLink(Product.linkable.product, { linkable: Brand.linkable.brand, deleteCascade: true });

describe("module write modes on the memory store", () => {
  it("a service that joins the transaction is refused with MISSING_CAPABILITY before anything is written: no rollback would undo its writes", async () => {
    const calls: string[] = [];
    const brand = {
      writeMode: "joins-transaction" as const,
      softDeleteRecords: async (_model: string, ids: readonly string[]) => (calls.push("delete"), { brand_id: ids }),
      restoreRecords: async (_model: string, ids: readonly string[]) => (calls.push("restore"), { brand_id: ids }),
    };
    const remoteLink = new RemoteLink({ links: [productBrand], store: new MemoryLinkStore(), services: { brand } });
    await remoteLink.create({ product: { product_id: "p1" }, brand: { brand_id: "b1" } });
    await expect(remoteLink.delete({ product: { product_id: "p1" } })).rejects.toMatchObject({
      code: "MISSING_CAPABILITY",
      message: expect.stringContaining(`module "brand" declares writeMode "joins-transaction"`),
    });
    expect(calls).toEqual([]);
    expect(await remoteLink.list({ product: { product_id: "p1" } })).toHaveLength(1);
  });
});
