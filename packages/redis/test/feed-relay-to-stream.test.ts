import { RecordModule } from "@modlink/conformance";
import { FeedRelay, type LinkChange, RemoteLink, defineLink, defineModule, linkEventsOf } from "@modlink/core";
import { MemoryLinkStore } from "@modlink/memory";
import { freshRedis } from "@modlink/test-support";
import { afterAll, describe, expect, it } from "vitest";
import { DedupingReader, RedisStreamsEventBus, readLinkEvents } from "../src";

const server = await freshRedis("redis_relay");
afterAll(() => server?.drop());

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
/** Deleting a brand deletes its products. */
const productBrand = defineLink({ linkable: Product.linkable.product, isList: true, deleteCascade: true }, Brand.linkable.brand);
const links = [productBrand] as const;

/** A RemoteLink on a memory store with its feed on, and a relay from it to `stream`. */
function setup(stream: string) {
  const store = new MemoryLinkStore({ changeFeed: true });
  const products = new RecordModule("product", { product: { key: "product_id" } });
  products.seed("product", ["p1", "p2", "p3"]);
  const remoteLink = new RemoteLink({ links, store, services: { product: products } });
  const redis = (server as NonNullable<typeof server>).connect();
  const bus = new RedisStreamsEventBus({ redis, stream });
  return { store, remoteLink, redis, bus };
}

/** Every change of the feed, in order. */
async function wholeFeed(remoteLink: RemoteLink<typeof links>): Promise<LinkChange[]> {
  const feed: LinkChange[] = [];
  for (let after = "0"; ;) {
    const page = await remoteLink.changes({ after, limit: 100 });
    if (page.changes.length === 0) return feed;
    feed.push(...page.changes);
    after = page.cursor;
  }
}

const pair = (product: string, brand: string) => ({ product: { product_id: product }, brand: { brand_id: brand } });

describe.skipIf(!server)("FeedRelay to a Redis stream", () => {
  it("creates, dismissals and cascade deletes arrive in position order with modlink's and Medusa's events, and the cursor is saved", async () => {
    const stream = (server as NonNullable<typeof server>).key("relay");
    const { store, remoteLink, redis, bus } = setup(stream);
    await remoteLink.create([pair("p1", "b1"), pair("p2", "b1"), pair("p3", "b2")]);
    await remoteLink.dismiss(pair("p3", "b2"));
    await remoteLink.delete({ brand: { brand_id: "b1" } });
    const relay = new FeedRelay({ remoteLink, store, eventBus: bus, consumer: "redis", batchSize: 2 });
    while ((await relay.relayOnce()) > 0);

    const feed = await wholeFeed(remoteLink);
    expect(feed.map((change) => change.operation)).toEqual(["created", "created", "created", "dismissed", "deleted", "deleted"]);
    const events = await readLinkEvents(redis, { stream });
    const expected = feed.flatMap(linkEventsOf).map((event) => ({ ...event, data: JSON.parse(JSON.stringify(event.data)) as unknown }));
    expect(events.map(({ name, data, metadata }) => ({ name, data, metadata }))).toEqual(expected);
    expect(events.map((event) => event.name)).toEqual([
      ...["link.created", "ProductProductBrandBrand.attached"],
      ...["link.created", "ProductProductBrandBrand.attached"],
      ...["link.created", "ProductProductBrandBrand.attached"],
      ...["link.dismissed", "ProductProductBrandBrand.detached"],
      ...["link.deleted", "ProductProductBrandBrand.detached"],
      ...["link.deleted", "ProductProductBrandBrand.detached"],
    ]);
    expect(await store.loadFeedCursor("redis")).toBe("6");
  });

  it("a running relay publishes changes made after it started", async () => {
    const stream = (server as NonNullable<typeof server>).key("running");
    const { store, remoteLink, redis, bus } = setup(stream);
    const relay = new FeedRelay({ remoteLink, store, eventBus: bus, consumer: "redis", idleMs: 10 });
    relay.start();
    try {
      await remoteLink.create(pair("p1", "b1"));
      await remoteLink.dismiss(pair("p1", "b1"));
      await expect
        .poll(async () => (await new DedupingReader({ redis, stream }).read()).map((event) => event.name), { timeout: 10_000 })
        .toEqual(["link.created", "ProductProductBrandBrand.attached", "link.dismissed", "ProductProductBrandBrand.detached"]);
    } finally {
      await relay.stop();
    }
    expect(await store.loadFeedCursor("redis")).toBe("2");
  });
});
