import { RemoteLink, type LinkStore } from "@modlink/core";
import { LinkQuery } from "@modlink/query";
import { MemoryLinkStore } from "@modlink/memory";
import { type AwilixContainer, asValue, createContainer } from "awilix";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type ModlinkCradle, registerModlink, resolveRemoteLink } from "../src";
import { InMemoryModuleService, links, recordServices } from "./fixtures";

type Links = typeof links;

// These checks run under `pnpm typecheck`; the `it` blocks also run them for real.
describe("types", () => {
  it("a container typed with ModlinkCradle resolves the typed RemoteLink of its links", () => {
    const container = createContainer<ModlinkCradle<Links>>();
    registerModlink(container, { links, store: new MemoryLinkStore() });
    const remoteLink = container.resolve("remoteLink");
    expectTypeOf(remoteLink).toEqualTypeOf<RemoteLink<Links>>();
    expectTypeOf(container.resolve("link")).toEqualTypeOf<RemoteLink<Links>>();
    expectTypeOf(container.resolve("linkStore")).toEqualTypeOf<LinkStore>();
    expectTypeOf(container.resolve("linkDefinitions")).toEqualTypeOf<Links>();
    expectTypeOf(container.createScope().resolve("query")).toEqualTypeOf<LinkQuery>();
    expectTypeOf(container.createScope().resolve("remoteLink")).toEqualTypeOf<RemoteLink<Links>>();
    expect(remoteLink).toBeInstanceOf(RemoteLink);

    // @ts-expect-error "brand" and "helloModuleService" are joined by no link
    void (() => remoteLink.create({ brand: { brand_id: "b" }, helloModuleService: { my_custom_id: "m" } }));
    // @ts-expect-error module "product" has no key "variant_id"
    void (() => remoteLink.create({ product: { variant_id: "p" }, brand: { brand_id: "b" } }));
    // @ts-expect-error "metadata" is the only extra column
    void (() => remoteLink.create({ product: { product_id: "p" }, helloModuleService: { my_custom_id: "m" }, data: { color: "red" } }));
  });

  it("registerModlink's return value carries the cradle of an untyped container", () => {
    const container = registerModlink(createContainer(), { links, store: new MemoryLinkStore() });
    expectTypeOf(container).toExtend<AwilixContainer<ModlinkCradle<Links>>>();
    expectTypeOf(container.resolve("remoteLink")).toEqualTypeOf<RemoteLink<Links>>();
    expectTypeOf(resolveRemoteLink(container)).toEqualTypeOf<RemoteLink<Links>>();
    const fromUntyped = () => resolveRemoteLink(createContainer());
    expectTypeOf(fromUntyped).returns.toEqualTypeOf<RemoteLink>();
  });

  it("keeps the cradle the container already had", () => {
    const base = createContainer().register({ helloModuleService: asValue(new InMemoryModuleService("my_custom_id")) });
    const container = registerModlink(base, { links, store: new MemoryLinkStore() });
    expectTypeOf(container.resolve("helloModuleService")).toEqualTypeOf<InMemoryModuleService>();
    expectTypeOf(container.resolve("remoteLink")).toEqualTypeOf<RemoteLink<Links>>();
  });

  it("one registration per module serves cascades and queries; query.modules takes only query services", () => {
    const store = new MemoryLinkStore();
    const { brand } = recordServices();
    const container = registerModlink(createContainer(), { links, store, services: (module) => (module === "brand" ? brand : undefined) });
    expect(container.resolve("query")).toBeInstanceOf(LinkQuery);
    registerModlink(createContainer(), { links, store, query: { modules: { brand } } });
    // @ts-expect-error a cascade-only service cannot answer queries
    registerModlink(createContainer(), { links, store, query: { modules: { brand: new InMemoryModuleService("brand_id") } } });
  });

  it("a services map only names linked modules", () => {
    const store = new MemoryLinkStore();
    registerModlink(createContainer(), { links, store, services: { brand: "brandService" } });
    // @ts-expect-error "prodcut" is not a linked module
    expect(() => registerModlink(createContainer(), { links, store, services: { prodcut: "x" } })).not.toThrow();
  });
});
