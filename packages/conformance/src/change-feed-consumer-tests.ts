import { CardinalityError, FeedRelay, type LinkEventMessage, linkEntityName } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { changesAfter, feedEnd } from "./change-feed-reader";
import { productBrand, productTag } from "./fixtures";
import { pb, pt } from "./inputs";
import type { SuiteContext } from "./suite-context";

/** A bus that keeps what it was given, and fails the calls it is told to. */
function recordingBus() {
  const emitted: LinkEventMessage[] = [];
  let failures = 0;
  return {
    emitted,
    failNext(count: number) {
      failures = count;
    },
    async emit(messages: readonly LinkEventMessage[]) {
      if (failures > 0) {
        failures--;
        throw new Error("the bus is down");
      }
      emitted.push(...messages);
    },
  };
}

/** Consumer cursors, pruning and the relay to an event bus: what every store with a feed keeps for its consumers. */
export function changeFeedConsumerTests(ctx: SuiteContext): void {
  const store = () => ctx.store as Required<Pick<SuiteContext["store"], "loadFeedCursor" | "saveFeedCursor" | "pruneChanges">>;

  describe("change feed: consumers", () => {
    // One test: a registered consumer holds back every later prune, so the suite registers none before this.
    it("a cursor is null until saved and never moves back; prune removes through a position or before a time, never past a cursor", async () => {
      const consumer = ctx.id("consumer");
      expect(await store().loadFeedCursor(consumer)).toBeNull();
      const start = await feedEnd(ctx.remoteLink);
      const [p, t1, t2, t3] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([pt(p, t1), pt(p, t2), pt(p, t3)]);
      const end = await feedEnd(ctx.remoteLink);
      const first = String(BigInt(start) + 1n);
      await store().saveFeedCursor(consumer, first);
      await store().saveFeedCursor(consumer, start);
      expect(await store().loadFeedCursor(consumer)).toBe(first);

      const held = await store().pruneChanges({ through: end });
      expect(held.heldBy).toEqual({ consumer, position: first });
      expect((await changesAfter(ctx.remoteLink, start)).map((change) => change.position)).toEqual([String(BigInt(start) + 2n), end]);

      expect((await store().pruneChanges({ before: new Date(0) })).pruned).toBe(0);
      expect(await changesAfter(ctx.remoteLink, start)).toHaveLength(2);

      await store().saveFeedCursor(consumer, end);
      expect((await store().pruneChanges({ through: end, before: new Date(Date.now() + 60_000) })).pruned).toBeGreaterThanOrEqual(2);
      expect(await changesAfter(ctx.remoteLink, start)).toEqual([]);
      // The feed goes on where it was: the next change takes the next position.
      await ctx.remoteLink.dismiss(pt(p, t1));
      expect((await changesAfter(ctx.remoteLink, end)).map((change) => change.position)).toEqual([String(BigInt(end) + 1n)]);
      await store().saveFeedCursor(consumer, await feedEnd(ctx.remoteLink));
    });
  });

  describe("change feed: the relay to an event bus", () => {
    /** A relay starting after the current end of the shared feed. */
    async function relayFromHere(batchSize: number) {
      const bus = recordingBus();
      const consumer = ctx.id("relay");
      await store().saveFeedCursor(consumer, await feedEnd(ctx.remoteLink));
      const relay = new FeedRelay({ remoteLink: ctx.remoteLink, store: ctx.store, eventBus: bus, consumer, batchSize, idleMs: 5 });
      return { bus, consumer, relay };
    }

    it("publishes modlink's and Medusa's events of each change in order, then saves its cursor", async () => {
      const { bus, consumer, relay } = await relayFromHere(10);
      const [p, b, t] = [ctx.id("prod"), ctx.id("brand"), ctx.id("tag")];
      await ctx.remoteLink.create([pb(p, b), pt(p, t)]);
      await ctx.remoteLink.dismiss(pt(p, t));
      expect(await relay.relayOnce()).toBe(3);
      const entity = (table: string) => linkEntityName(table);
      expect(bus.emitted.map((message) => message.name)).toEqual([
        "link.created",
        `${entity(productBrand.table)}.attached`,
        "link.created",
        `${entity(productTag.table)}.attached`,
        "link.dismissed",
        `${entity(productTag.table)}.detached`,
      ]);
      const row = (await ctx.remoteLink.list(pb(p, b)))[0];
      expect(bus.emitted[1]?.data).toEqual({ id: row?.id, product_id: p, brand_id: b });
      expect(bus.emitted[0]?.data).toMatchObject({ id: row?.id, product_id: p, brand_id: b, operation: "created", link: productBrand.table });
      const positions = bus.emitted.map((message) => message.metadata.position);
      expect(await store().loadFeedCursor(consumer)).toBe(positions.at(-1));
      expect(await relay.relayOnce()).toBe(0);
    });

    it("a bus that fails gets the same changes again: the cursor moves only after a publish", async () => {
      const { bus, consumer, relay } = await relayFromHere(2);
      const before = await store().loadFeedCursor(consumer);
      const p = ctx.id("prod");
      await ctx.remoteLink.create([pt(p, ctx.id("tag")), pt(p, ctx.id("tag")), pt(p, ctx.id("tag"))]);
      bus.failNext(1);
      await expect(relay.relayOnce()).rejects.toThrow("the bus is down");
      expect(await store().loadFeedCursor(consumer)).toBe(before);
      expect(await relay.relayOnce()).toBe(2);
      expect(await relay.relayOnce()).toBe(1);
      const created = bus.emitted.filter((message) => message.name === "link.created").map((message) => message.metadata.position);
      expect(created).toEqual([1n, 2n, 3n].map((n) => String(BigInt(before ?? "0") + n)));
    });

    it("runs until stopped, and publishes nothing for a call that rolled back", async () => {
      const { bus, relay } = await relayFromHere(500);
      const [p, b1, b2] = [ctx.id("prod"), ctx.id("brand"), ctx.id("brand")];
      relay.start();
      await ctx.remoteLink.create(pb(p, b1));
      await expect(ctx.remoteLink.create(pb(p, b2))).rejects.toBeInstanceOf(CardinalityError);
      await ctx.remoteLink.dismiss(pb(p, b1));
      // The relay keeps polling: wait until it has published the dismissal (no clock decides the outcome).
      while (!bus.emitted.some((message) => message.name === "link.dismissed")) await new Promise((resolve) => setTimeout(resolve, 5));
      await relay.stop();
      expect(bus.emitted.filter((message) => message.name.startsWith("link.")).map((message) => [message.name, message.data.brand_id])).toEqual([
        ["link.created", b1],
        ["link.dismissed", b1],
      ]);
    });
  });
}
