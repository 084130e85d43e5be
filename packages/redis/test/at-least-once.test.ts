import { type EventBus, FeedRelay, RemoteLink, defineLink, defineModule } from "@modlink/core";
import { MemoryLinkStore } from "@modlink/memory";
import { freshRedis } from "@modlink/test-support";
import { afterAll, describe, expect, it } from "vitest";
import { DedupingReader, RedisStreamsEventBus, readLinkEvents } from "../src";

const server = await freshRedis("redis_once");
afterAll(() => server?.drop());

const Product = defineModule("product", { models: ["product"] });
const Tag = defineModule("tag", { models: ["tag"] });
const productTag = defineLink({ linkable: Product.linkable.product, isList: true }, { linkable: Tag.linkable.tag, isList: true });
const links = [productTag] as const;

/** `[position, name]` of each event, the key a consumer dedupes on. */
const keysOf = (events: readonly { readonly name: string; readonly metadata: { readonly position: string } }[]) =>
  events.map((event) => [event.metadata.position, event.name]);

describe.skipIf(!server)("at-least-once delivery through Redis", () => {
  it("an emit that fails after Redis took the entries is sent again, and the deduping reader yields each event once", async () => {
    const stream = (server as NonNullable<typeof server>).key("retry");
    const redis = (server as NonNullable<typeof server>).connect();
    const store = new MemoryLinkStore({ changeFeed: true });
    const remoteLink = new RemoteLink({ links, store });
    const bus = new RedisStreamsEventBus({ redis, stream });
    let failures = 1;
    // As if the relay lost its answer: the entries are in the stream, the emit still fails.
    const flaky: EventBus = {
      async emit(messages) {
        await bus.emit(messages);
        if (failures-- > 0) throw new Error("lost the reply");
      },
    };
    for (let i = 1; i <= 5; i++) await remoteLink.create({ product: { product_id: `p${i}` }, tag: { tag_id: "t1" } });
    const relay = new FeedRelay({ remoteLink, store, eventBus: flaky, consumer: "redis", batchSize: 3 });

    await expect(relay.relayOnce()).rejects.toThrow("lost the reply");
    expect(await store.loadFeedCursor("redis")).toBeNull();
    while ((await relay.relayOnce()) > 0);
    expect(await store.loadFeedCursor("redis")).toBe("5");

    const raw = await readLinkEvents(redis, { stream });
    const expectedKeys = ["1", "2", "3", "4", "5"].flatMap((position) => [
      [position, "link.created"],
      [position, "ProductProductTagTag.attached"],
    ]);
    // Positions 1-3 twice: the failed emit's batch, then the same batch again.
    expect(keysOf(raw)).toEqual([...expectedKeys.slice(0, 6), ...expectedKeys]);
    expect(keysOf(await new DedupingReader({ redis, stream }).read({ count: 4 }))).toEqual(expectedKeys.slice(0, 4));
    const reader = new DedupingReader({ redis, stream });
    const taken = [];
    for (let events = await reader.read({ count: 4 }); events.length > 0; events = await reader.read({ count: 4 })) taken.push(...events);
    expect(keysOf(taken)).toEqual(expectedKeys);
  });

  it("a reader resumed from its checkpoint between a change's two events takes the second, and no repeat of the first", async () => {
    const stream = (server as NonNullable<typeof server>).key("checkpoint");
    const redis = (server as NonNullable<typeof server>).connect();
    const bus = new RedisStreamsEventBus({ redis, stream });
    const event = (position: string, name: string) => ({ name, data: {}, metadata: { position, source: "modlink" as const } });
    await bus.emit([event("1", "link.created"), event("1", "X.attached"), event("2", "link.created"), event("2", "X.attached")]);
    // A partial delivery of the batch again (position 1 only), then the rest of the feed.
    await bus.emit([event("1", "link.created"), event("1", "X.attached")]);
    await bus.emit([event("3", "link.dismissed"), event("3", "X.detached")]);

    const first = new DedupingReader({ redis, stream });
    expect(keysOf(await first.read({ count: 1 }))).toEqual([["1", "link.created"]]);
    const checkpoint = first.checkpoint;
    expect(checkpoint).toEqual({ entryId: expect.stringMatching(/^\d+-\d+$/), position: "1", names: ["link.created"] });

    const resumed = new DedupingReader({ redis, stream, from: checkpoint });
    const taken = [];
    for (let events = await resumed.read({ count: 2 }); events.length > 0; events = await resumed.read({ count: 2 })) taken.push(...events);
    expect(keysOf(taken)).toEqual([
      ["1", "X.attached"],
      ["2", "link.created"],
      ["2", "X.attached"],
      ["3", "link.dismissed"],
      ["3", "X.detached"],
    ]);
  });

  it("an entry that is not a modlink event is STORE_FAILURE naming it, and a bad checkpoint INVALID_INPUT", async () => {
    const stream = (server as NonNullable<typeof server>).key("foreign");
    const redis = (server as NonNullable<typeof server>).connect();
    const id = await redis.xadd(stream, "*", "name", "order.placed", "data", "{}", "position", "1", "source", "shop");
    await expect(readLinkEvents(redis, { stream })).rejects.toMatchObject({ code: "STORE_FAILURE", message: expect.stringContaining(`Entry ${id}`) });
    expect(() => new DedupingReader({ redis, stream, from: { entryId: "x", position: "1", names: [] } })).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
    await expect(readLinkEvents(redis, { stream, count: 0 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
