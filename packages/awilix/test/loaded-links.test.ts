import { type AnyLinkDefinition, RemoteLink, loadLinks } from "@modlink/core";
import { MemoryLinkStore } from "@modlink/memory";
import { asValue, createContainer } from "awilix";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type ModlinkCradle, registerModlink } from "../src";
import { InMemoryModuleService, links as typedLinks } from "./fixtures";

const LINKS_FOLDER = new URL("./links/", import.meta.url);

describe("registerModlink with loadLinks", () => {
  it("takes the links loadLinks found in a folder, and resolves a remoteLink that writes and cascades through them", async () => {
    const links = await loadLinks(LINKS_FOLDER);
    const container = registerModlink(createContainer(), { links, store: new MemoryLinkStore() });
    const helloModuleService = new InMemoryModuleService("my_custom_id");
    container.register({ helloModuleService: asValue(helloModuleService) });
    const remoteLink = container.createScope().resolve("remoteLink");
    expect(remoteLink).toBeInstanceOf(RemoteLink);
    expect(container.resolve("linkDefinitions")).toBe(links);
    expect(remoteLink.links.map((link) => link.table)).toEqual(["link_product_product_brand_brand", "link_product_product_hello_module_service_my_custom"]);

    await remoteLink.create([
      { product: { product_id: "prod_1" }, brand: { brand_id: "brand_1" } },
      { product: { product_id: "prod_1" }, helloModuleService: { my_custom_id: "mc_1" } },
    ]);
    expect(await remoteLink.list({ product: { product_id: "prod_1" }, brand: {} })).toEqual([
      expect.objectContaining({ product_id: "prod_1", brand_id: "brand_1" }),
    ]);
    await remoteLink.delete({ product: { product_id: "prod_1" } });
    expect([...helloModuleService.deleted]).toEqual(["mc_1"]);
    await container.dispose();
  });

  it("types loaded links as untyped definitions, in a plain container or one typed with the app's own links", async () => {
    const links = await loadLinks(LINKS_FOLDER);
    expectTypeOf(links).toEqualTypeOf<AnyLinkDefinition[]>();
    const plain = registerModlink(createContainer(), { links, store: new MemoryLinkStore(), services: { brand: "brandService" } });
    expectTypeOf(plain.resolve("remoteLink")).toEqualTypeOf<RemoteLink<AnyLinkDefinition[]>>();
    // An untyped RemoteLink takes any input shape; its checks run when called.
    void (() => plain.resolve("remoteLink").create({ product: { product_id: "p" }, brand: { brand_id: "b" } }));

    const typed = createContainer<ModlinkCradle<typeof typedLinks>>();
    registerModlink(typed, { links, store: new MemoryLinkStore() });
    // The container's own cradle type still names the app's links, so inputs stay checked at compile time.
    // @ts-expect-error module "product" has no key "variant_id"
    void (() => typed.resolve("remoteLink").create({ product: { variant_id: "p" }, brand: { brand_id: "b" } }));
    await Promise.all([plain.dispose(), typed.dispose()]);
  });
});
