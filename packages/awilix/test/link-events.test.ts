import { CardinalityError, type EventBus, type LinkEventMessage } from "@modlink/core";
import { MemoryLinkStore } from "@modlink/memory";
import { asValue, createContainer } from "awilix";
import { describe, expect, it } from "vitest";
import { type ModlinkEventsCradle, registerModlink } from "../src";
import { links } from "./fixtures";

const pair = (custom: string) => ({ product: { product_id: "prod_1" }, helloModuleService: { my_custom_id: custom } }) as const;

/** An event bus as a host registers it, keeping what it was given. */
function recordingBus(): EventBus & { readonly emitted: LinkEventMessage[] } {
  const emitted: LinkEventMessage[] = [];
  return { emitted, emit: async (messages) => void emitted.push(...messages) };
}

describe("registerModlink with events", () => {
  it("relays committed link changes to the container's eventBus, and nothing for a call that failed", async () => {
    const bus = recordingBus();
    const container = registerModlink(createContainer<ModlinkEventsCradle>({ strict: true }), {
      links,
      store: new MemoryLinkStore({ changeFeed: true }),
      events: { idleMs: 5 },
    });
    container.register({ eventBus: asValue(bus) });
    const relay = container.resolve("feedRelay");
    const remoteLink = container.resolve("remoteLink");
    await remoteLink.create(pair("mc_1"));
    await expect(remoteLink.create(pair("mc_2"))).rejects.toBeInstanceOf(CardinalityError);
    await remoteLink.dismiss(pair("mc_1"));
    expect(await relay.relayOnce()).toBe(2);
    expect(bus.emitted.map((message) => message.name)).toEqual([
      "link.created",
      "ProductProductHelloModuleServiceMyCustom.attached",
      "link.dismissed",
      "ProductProductHelloModuleServiceMyCustom.detached",
    ]);
    expect(bus.emitted[1]?.data).toMatchObject({ product_id: "prod_1", my_custom_id: "mc_1" });
    await container.dispose();
  });

  it("start: true relays on its own until the container is disposed, which stops it before closing the store", async () => {
    const bus = recordingBus();
    const container = registerModlink(createContainer<ModlinkEventsCradle>(), {
      links,
      store: new MemoryLinkStore({ changeFeed: true }),
      events: { idleMs: 5, start: true, eventBus: "bus", consumer: "search_index" },
    });
    container.register({ bus: asValue(bus) });
    container.resolve("feedRelay");
    await container.resolve("remoteLink").create(pair("mc_1"));
    while (bus.emitted.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await container.resolve("linkStore").loadFeedCursor?.("search_index")).toBe("1");
    await container.dispose();
    expect(bus.emitted.map((message) => message.metadata.position)).toEqual(["1", "1"]);
  });

  it("a store without a change feed is refused when the relay is resolved", () => {
    const container = registerModlink(createContainer<ModlinkEventsCradle>(), { links, store: new MemoryLinkStore(), events: {} });
    container.register({ eventBus: asValue(recordingBus()) });
    expect(() => container.resolve("feedRelay")).toThrow(expect.objectContaining({ code: "MISSING_CAPABILITY" }));
  });
});
