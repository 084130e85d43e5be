import { RemoteLink, defineLink, defineModule, fromMedusaStyleService } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { MemoryLinkStore } from "../src";
import { Hello, HelloModuleService, Product, ProductModuleService, productVariantOptions } from "./medusa-style-modules";

const Brand = defineModule("brand", { models: ["brand"] });
const productCustom = defineLink(Product.linkable.product, { linkable: Hello.linkable.myCustom, deleteCascade: true });
const brandProduct = defineLink(Brand.linkable.brand, { linkable: Product.linkable.product, isList: true, deleteCascade: true });
const variantCustom = defineLink(Product.linkable.productVariant, { linkable: Hello.linkable.myCustom, isList: true, deleteCascade: true });

/** The two Medusa-style modules, unchanged, and a RemoteLink that cascades into them through the adapter. */
function setup(hello = new HelloModuleService()) {
  const products = new ProductModuleService();
  const remoteLink = new RemoteLink({
    links: [productCustom, brandProduct, variantCustom],
    store: new MemoryLinkStore(),
    services: {
      product: fromMedusaStyleService(products, { module: Product, models: { product_variant: productVariantOptions } }),
      helloModuleService: fromMedusaStyleService(hello, { module: Hello }),
    },
  });
  return { products, hello, remoteLink };
}

describe("cascades into modules written the Medusa way, through fromMedusaStyleService", () => {
  it("deleting a product cascades into a Medusa-style module's linked records, and restore brings them back", async () => {
    const { products, hello, remoteLink } = setup();
    products.createProduct("prod_1");
    hello.createMyCustom("mc_1");
    hello.createMyCustom("mc_2");
    await remoteLink.create({ product: { product_id: "prod_1" }, helloModuleService: { my_custom_id: "mc_1" } });

    const deleted = await remoteLink.delete({ product: { product_id: "prod_1" } });
    expect(deleted.records).toEqual({ helloModuleService: { my_custom_id: ["mc_1"] } });
    expect([hello.myCustoms.isDeleted("mc_1"), hello.myCustoms.isDeleted("mc_2")]).toEqual([true, false]);

    const restored = await remoteLink.restore({ product: { product_id: "prod_1" } });
    expect(restored.records).toEqual(deleted.records);
    expect(hello.myCustoms.isDeleted("mc_1")).toBe(false);
    expect(await remoteLink.list({ product: { product_id: "prod_1" } })).toHaveLength(1);
  });

  it("the cascade follows the variants the product module removed internally, under modlink's key, into the next module; other keys are dropped", async () => {
    const { products, hello, remoteLink } = setup();
    products.createProduct("prod_1", { variants: ["var_1", "var_2"], images: ["img_1"] });
    products.createProduct("prod_2", { variants: ["var_3"] });
    hello.createMyCustom("mc_1");
    await remoteLink.create([
      { brand: { brand_id: "brand_1" }, product: { product_id: "prod_1" } },
      { product: { product_variant_id: "var_2" }, helloModuleService: { my_custom_id: "mc_1" } },
    ]);

    const deleted = await remoteLink.delete({ brand: { brand_id: "brand_1" } });
    expect(deleted.records).toEqual({
      product: { product_id: ["prod_1"], product_variant_id: ["var_1", "var_2"] },
      helloModuleService: { my_custom_id: ["mc_1"] },
    });
    expect(["var_1", "var_2", "var_3"].map((id) => products.variants.isDeleted(id))).toEqual([true, true, false]);
    expect([products.products.isDeleted("prod_1"), products.images.isDeleted("img_1"), hello.myCustoms.isDeleted("mc_1")]).toEqual([true, true, true]);

    const restored = await remoteLink.restore({ brand: { brand_id: "brand_1" } });
    expect(restored.records).toEqual(deleted.records);
    expect(["var_1", "var_2", "var_3"].map((id) => products.variants.isDeleted(id))).toEqual([false, false, false]);
    expect([products.products.isDeleted("prod_1"), products.images.isDeleted("img_1"), hello.myCustoms.isDeleted("mc_1")]).toEqual([false, false, false]);
    expect(await remoteLink.list({ product: { product_variant_id: "var_2" } })).toHaveLength(1);
  });

  it("a Medusa-style module failing mid-cascade makes the call CASCADE_FAILED, and the Medusa-style module already changed is restored", async () => {
    class LockedHello extends HelloModuleService {
      override async softDeleteMyCustoms(): Promise<void> {
        throw new Error("my_custom table is locked");
      }
    }
    const { products, remoteLink } = setup(new LockedHello());
    products.createProduct("prod_1", { variants: ["var_1"] });
    await remoteLink.create([
      { brand: { brand_id: "brand_1" }, product: { product_id: "prod_1" } },
      { product: { product_variant_id: "var_1" }, helloModuleService: { my_custom_id: "mc_1" } },
    ]);

    await expect(remoteLink.delete({ brand: { brand_id: "brand_1" } })).rejects.toMatchObject({ code: "CASCADE_FAILED", module: "helloModuleService" });
    expect([products.products.isDeleted("prod_1"), products.variants.isDeleted("var_1")]).toEqual([false, false]);
    expect(await remoteLink.list({ brand: { brand_id: "brand_1" } })).toHaveLength(1);
  });
});
