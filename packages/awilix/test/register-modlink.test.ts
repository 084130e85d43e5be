import { ContainerRegistrationKeys, LinkError, LinkSetupError, RemoteLink, linkTableOf } from "@modlink/core";
import { MemoryLinkStore } from "@modlink/memory";
import { asFunction, asValue, createContainer } from "awilix";
import { describe, expect, it } from "vitest";
import { ModlinkRegistrationKeys, registerModlink, resolveRemoteLink } from "../src";
import { InMemoryModuleService, Product, links, productCustom } from "./fixtures";

const pair = { product: { product_id: "prod_1" }, helloModuleService: { my_custom_id: "mc_1" } } as const;

function setup(options: { strict?: boolean } = {}) {
  const store = new MemoryLinkStore();
  const container = registerModlink(createContainer({ strict: options.strict ?? false }), { links, store });
  return { store, container };
}

async function captureError(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

describe("registerModlink", () => {
  it("registers one RemoteLink under remoteLink and link that every request scope shares", () => {
    const { container } = setup({ strict: true });
    const remoteLink = container.resolve(ContainerRegistrationKeys.REMOTE_LINK);
    expect(remoteLink).toBeInstanceOf(RemoteLink);
    expect(container.resolve(ContainerRegistrationKeys.LINK)).toBe(remoteLink);
    const scopeA = container.createScope();
    const scopeB = container.createScope();
    expect(scopeA.resolve("remoteLink")).toBe(remoteLink);
    expect(scopeB.resolve("link")).toBe(remoteLink);
    expect(resolveRemoteLink(scopeA)).toBe(remoteLink);
  });

  it("link is an alias of remoteLink: a scope that overrides remoteLink gets the override under link too", () => {
    const { container } = setup();
    const scope = container.createScope();
    const wrapped = { wrapped: true };
    scope.register({ remoteLink: asValue(wrapped) });
    expect(scope.resolve("link")).toBe(wrapped);
    expect(container.resolve("link")).toBe(container.resolve("remoteLink"));
  });

  it("registers the store and the link definitions", () => {
    const { store, container } = setup();
    expect(container.resolve(ModlinkRegistrationKeys.LINK_STORE)).toBe(store);
    expect(container.resolve(ModlinkRegistrationKeys.LINK_DEFINITIONS)).toBe(links);
  });

  it("links resolved from a scope are visible to another scope", async () => {
    const { store, container } = setup();
    await container
      .createScope()
      .resolve("remoteLink")
      .create({ ...pair, data: { metadata: { gift: true } } });
    const rows = await container
      .createScope()
      .resolve("link")
      .list({ product: { product_id: "prod_1" } });
    expect(rows).toMatchObject([{ product_id: "prod_1", my_custom_id: "mc_1", metadata: { gift: true } }]);
    expect(store.rawRows(linkTableOf(productCustom))).toHaveLength(1);
  });

  it("a cascade finds the module service registered under the module's name, even when registered after modlink", async () => {
    const { store, container } = setup();
    const hello = new InMemoryModuleService("my_custom_id");
    container.register({ helloModuleService: asValue(hello) });
    const remoteLink = container.createScope().resolve("remoteLink");
    await remoteLink.create(pair);
    const result = await remoteLink.delete({ product: { product_id: "prod_1" } });
    expect(result.records).toEqual({ helloModuleService: { my_custom_id: ["mc_1"] } });
    expect([...hello.deleted]).toEqual(["mc_1"]);
    expect(store.rawRows(linkTableOf(productCustom))[0]?.deleted_at).toBeInstanceOf(Date);
    await remoteLink.restore({ product: { product_id: "prod_1" } });
    expect(hello.deleted.size).toBe(0);
  });

  it("a services map renames a module's registration", async () => {
    const store = new MemoryLinkStore();
    const container = registerModlink(createContainer(), { links, store, services: { helloModuleService: "customService" } });
    container.register({ customService: asFunction(() => new InMemoryModuleService("my_custom_id")).singleton() });
    const custom = container.resolve<InMemoryModuleService>("customService");
    const remoteLink = resolveRemoteLink(container);
    await remoteLink.create(pair);
    await remoteLink.delete({ product: { product_id: "prod_1" } });
    expect([...custom.deleted]).toEqual(["mc_1"]);
  });

  it("a services function decides alone where services come from", async () => {
    const hello = new InMemoryModuleService("my_custom_id");
    const asked: string[] = [];
    const container = registerModlink(createContainer(), {
      links,
      store: new MemoryLinkStore(),
      services: (module) => {
        asked.push(module);
        return module === "helloModuleService" ? hello : undefined;
      },
    });
    const remoteLink = container.resolve("remoteLink");
    await remoteLink.create(pair);
    await remoteLink.delete({ product: { product_id: "prod_1" } });
    expect(asked).toContain("helloModuleService");
    expect([...hello.deleted]).toEqual(["mc_1"]);
  });

  it("a cascade into a module with no registration fails with MISSING_SERVICE before anything is written", async () => {
    const { store, container } = setup();
    const remoteLink = container.resolve("remoteLink");
    await remoteLink.create(pair);
    const error = await captureError(() => remoteLink.delete({ product: { product_id: "prod_1" } }));
    expect(error).toBeInstanceOf(LinkSetupError);
    expect(error).toMatchObject({ code: "MISSING_SERVICE" });
    expect((error as Error).message).toContain('"helloModuleService"');
    expect(store.rawRows(linkTableOf(productCustom))[0]?.deleted_at).toBeNull();
  });

  it("a registration that is not a LinkableModuleService is reported as MISSING_SERVICE, naming it", async () => {
    const { store, container } = setup();
    container.register({ helloModuleService: asValue({ hello: "world" }) });
    const remoteLink = container.resolve("remoteLink");
    await remoteLink.create(pair);
    const error = await captureError(() => remoteLink.delete({ product: { product_id: "prod_1" } }));
    expect(error).toMatchObject({ code: "MISSING_SERVICE" });
    expect((error as Error).message).toContain('registration "helloModuleService"');
    expect(store.rawRows(linkTableOf(productCustom))[0]?.deleted_at).toBeNull();
  });

  it("registering twice fails with ALREADY_REGISTERED, also from a scope of a registered container", () => {
    const { container } = setup();
    const again = () => registerModlink(container, { links, store: new MemoryLinkStore() });
    expect(again).toThrow(LinkSetupError);
    expect(again).toThrow(/"remoteLink"/);
    const error = (() => {
      try {
        registerModlink(container.createScope(), { links, store: new MemoryLinkStore() });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ code: "ALREADY_REGISTERED" });
  });

  it("refuses a container that already uses one of modlink's names for something else", () => {
    const container = createContainer().register({ link: asValue("my own link") });
    expect(() => registerModlink(container, { links, store: new MemoryLinkStore() })).toThrow(/"link" already registered/);
    const withQuery = createContainer().register({ query: asValue("my own query") });
    expect(() => registerModlink(withQuery, { links, store: new MemoryLinkStore() })).toThrow(/"query" already registered/);
  });

  it("resolveRemoteLink before registration fails with NOT_REGISTERED", () => {
    const error = (() => {
      try {
        resolveRemoteLink(createContainer().createScope());
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({ code: "NOT_REGISTERED" });
    expect((error as Error).message).toContain("registerModlink(container");
  });

  it.each([
    { name: "an unknown option", options: { queries: {} }, message: /registerModlink\(\)'s options has no option "queries"; it takes links, store/ },
    { name: "an unknown query option", options: { query: { readOnlyLink: [] } }, message: /registerModlink\(\)'s query has no option "readOnlyLink"/ },
    {
      name: "an unknown events option",
      options: { events: { bus: "eventBus" } },
      message: /registerModlink\(\)'s events has no option "bus"; it takes eventBus/,
    },
    { name: "query that is not an object", options: { query: "yes" }, message: /registerModlink\(\)'s query must be an object/ },
  ])("$name is INVALID_INPUT naming it, and registers nothing", ({ options, message }) => {
    const container = createContainer();
    const register = () => registerModlink(container, { links, store: new MemoryLinkStore(), ...options } as never);
    expect(register).toThrow(message);
    expect(register).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(container.hasRegistration("remoteLink")).toBe(false);
    expect(container.hasRegistration("linkStore")).toBe(false);
  });

  it("links naming a module outside `modules` fail at registration, not at first use", () => {
    const container = createContainer();
    expect(() => registerModlink(container, { links, modules: [Product], store: new MemoryLinkStore() })).toThrow(LinkError);
    expect(container.hasRegistration("remoteLink")).toBe(false);
  });
});

describe("disposing the container", () => {
  it("closes the store, even when nothing resolved modlink", async () => {
    const { store, container } = setup();
    await store.transaction(async (tx) => tx.upsertLinks(linkTableOf(productCustom), [{ left: "prod_1", right: "mc_1", data: {} }]));
    expect(store.rawRows(linkTableOf(productCustom))).toHaveLength(1);
    await container.dispose();
    // MemoryLinkStore.close() releases its tables.
    expect(store.rawRows(linkTableOf(productCustom))).toHaveLength(0);
  });

  it("leaves the store open with closeStore: false", async () => {
    const store = new MemoryLinkStore();
    const container = registerModlink(createContainer(), { links, store, closeStore: false });
    await container.resolve("remoteLink").create(pair);
    await container.dispose();
    expect(store.rawRows(linkTableOf(productCustom))).toHaveLength(1);
  });

  it("runs the container's other disposers too", async () => {
    const { container } = setup();
    const closed: string[] = [];
    container.register({
      db: asFunction(() => ({ name: "db" }))
        .singleton()
        .disposer((db) => void closed.push(db.name)),
    });
    container.resolve("db");
    await container.dispose();
    expect(closed).toEqual(["db"]);
  });
});
