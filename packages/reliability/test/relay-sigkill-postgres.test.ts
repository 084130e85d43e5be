import { type LinkChange, type LinkEventMessage, RemoteLink, linkEventsOf } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import { DedupingReader, type LinkStreamEvent, readLinkEvents } from "@modlink/redis";
import { freshRedis } from "@modlink/test-support";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgresSchema } from "../src/postgres-server";
import type { RelayChildConfig } from "../src/relay-child";
import { type RelayProcess, startRelayProcess } from "../src/relay-process";
import { untyped } from "../src/untyped-remote-link";
import { cascadeLinks } from "../src/worker-calls";

/*
 * A FeedRelay in a child process publishes the change feed of PostgreSQL to
 * a Redis stream and is killed with SIGKILL while it relays, twice; a third
 * process with the same consumer name finishes the job. Judged from the
 * stream alone: every position 1..N is delivered; an event is repeated only
 * within the batch after the cursor the killed process had saved (at least
 * once, never more than that); and the deduping reader yields every event of
 * the feed exactly once, in order. Where the kills land does not matter.
 */

const CREATES = 200;
const DISMISSALS = 100;
const CHANGES = CREATES + DISMISSALS;
const BATCH_SIZE = 25;
const CONSUMER = "redis_relay";
/** Entries in the stream at which the first and the second process are killed. */
const KILL_AT_ENTRIES = [130, 370];
const APPLICATION_NAME = "modlink_relay_child";

const redisServer = await freshRedis("rel_relay_sigkill");
// Both servers or neither: a file whose tests all skip runs no afterAll, so nothing may stay open or undropped.
const server = redisServer ? await openPostgresSchema("relay_sigkill") : undefined;
if (!server) await redisServer?.drop();
/** Every relay process started; killed at the end, so a failed test leaves none running. */
const relays: RelayProcess[] = [];
afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.kill()));
  await server?.close();
  await redisServer?.drop();
});

/** Polls `check` until it holds; gives up after `limitMs` naming `what`, so a hang fails on its own. */
async function waitFor(what: string, check: () => Promise<boolean>, limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** What a consumer compares: the event's name, position and data (as JSON carries it). */
const comparable = ({ name, data, metadata }: LinkEventMessage) => ({ name, position: metadata.position, data: JSON.parse(JSON.stringify(data)) as unknown });

describe.skipIf(!server || !redisServer)("FeedRelay killed with SIGKILL mid-run, relaying PostgreSQL's feed to Redis", () => {
  it("delivers every change, repeats events only in the batch after each kill's saved cursor, and the deduping reader yields each once", async () => {
    const { url, schema, admin } = server as NonNullable<typeof server>;
    const redisAt = redisServer as NonNullable<typeof redisServer>;
    const knex = (server as NonNullable<typeof server>).connect({ poolMax: 4 });
    const store = new KnexLinkStore({ knex, schema, changeFeed: true });
    await store.sync(cascadeLinks);
    const remoteLink = new RemoteLink({ links: cascadeLinks, store });
    const pair = (i: number) => ({ product: { product_id: `p${i}` }, brand: { brand_id: `b${i % 7}` } });
    for (let i = 0; i < CREATES; i++) await untyped(remoteLink).create(pair(i));
    for (let i = 0; i < DISMISSALS; i++) await untyped(remoteLink).dismiss(pair(i * 2));
    const feed: LinkChange[] = [];
    for (let page = await remoteLink.changes({ after: "0", limit: 1000 }); page.changes.length > 0; page = await remoteLink.changes({ after: page.cursor })) {
      feed.push(...page.changes);
    }
    expect(feed.map((change) => change.position)).toEqual(Array.from({ length: CHANGES }, (_, i) => String(i + 1)));
    const expected = feed.flatMap(linkEventsOf).map(comparable);

    const redis = redisAt.connect();
    const stream = redisAt.key("links");
    const config: RelayChildConfig = {
      url,
      schema,
      links: "cascade",
      applicationName: APPLICATION_NAME,
      redisUrl: redisAt.url,
      stream,
      consumer: CONSUMER,
      batchSize: BATCH_SIZE,
      pauseMs: 3,
    };
    const cursorsAtKills: bigint[] = [];
    for (const entries of KILL_AT_ENTRIES) {
      const relay = await startRelayProcess(config);
      relays.push(relay);
      await waitFor(`the stream holds ${entries} entries`, async () => (await redis.xlen(stream)) >= entries);
      await relay.kill();
      // The killed process's last statement may still be running: its cursor is final once its sessions are gone.
      await waitFor("the killed relay's PostgreSQL sessions are gone", async () => {
        const { rows } = await admin.raw(`select count(*)::int as "count" from pg_stat_activity where application_name = ? and datname = current_database()`, [
          APPLICATION_NAME,
        ]);
        return rows[0].count === 0;
      });
      cursorsAtKills.push(BigInt((await store.loadFeedCursor(CONSUMER)) ?? "0"));
    }

    const last = await startRelayProcess(config);
    relays.push(last);
    const reader = new DedupingReader({ redis, stream });
    const taken: LinkStreamEvent[] = [];
    await waitFor("the deduping reader took every event of the feed", async () => {
      taken.push(...(await reader.read({ count: 500 })));
      return taken.length >= expected.length;
    });
    await last.stop();
    expect(await store.loadFeedCursor(CONSUMER)).toBe(String(CHANGES));

    const raw: LinkStreamEvent[] = [];
    for (let page = await readLinkEvents(redis, { stream, count: 1000 }); page.length > 0;) {
      raw.push(...page);
      page = await readLinkEvents(redis, { stream, after: page.at(-1)?.entryId, count: 1000 });
    }
    const positions = new Set(raw.map((event) => event.metadata.position));
    expect([...positions].sort((a, b) => Number(a) - Number(b))).toEqual(feed.map((change) => change.position));

    const copies = new Map<string, number>();
    for (const event of raw) copies.set(`${event.metadata.position} ${event.name}`, (copies.get(`${event.metadata.position} ${event.name}`) ?? 0) + 1);
    // A kill repeats at most the one batch after the cursor saved when it struck.
    const allowed = (position: bigint) => 1 + cursorsAtKills.filter((cursor) => position > cursor && position <= cursor + BigInt(BATCH_SIZE)).length;
    const beyond = [...copies].filter(([key, count]) => count > allowed(BigInt(key.split(" ")[0] as string)));
    expect(beyond, `cursors at the kills: ${cursorsAtKills.join(", ")}`).toEqual([]);

    expect(taken.map(comparable)).toEqual(expected);
  }, 300_000);
});
