import path from "node:path";
import { RemoteLink } from "@modlink/core";
import { KnexLinkStore, createKnex } from "@modlink/knex";
import { expect, it } from "vitest";
import { links } from "../fixtures/feed/modlink.config";
import { ANSI, FIXTURES, runModlink } from "./run-modlink";
import type { TestDatabase } from "./test-database";

const V1_CONFIG = path.join(FIXTURES, "v1", "modlink.config.ts");
const FEED_CONFIG = path.join(FIXTURES, "feed", "modlink.config.ts");
const FEED_TABLES = ["modlink_changes", "modlink_change_inbox", "modlink_change_head", "modlink_feed_consumers"];

const pb = (product: string, brand: string) => ({ product: { product_id: product }, brand: { brand_id: brand } });
const pt = (product: string, tag: string) => ({ product: { product_id: product }, tag: { tag_id: tag } });

/** What the test process writes with, as the application would: a RemoteLink over a KnexLinkStore keeping the feed. */
interface FeedWriter {
  readonly remoteLink: RemoteLink;
  readonly store: KnexLinkStore;
}

/**
 * `modlink feed prune` on one database, in order: no feed yet, sync with
 * `changeFeed: true`, then prunes by position, by age and held back by a
 * consumer. Registers its tests in the caller's describe; `db` is read when
 * they run.
 */
export function feedScenario(getDb: () => TestDatabase): void {
  const run = (args: string[]) => runModlink(args, { env: { DATABASE_URL: getDb().url } });

  /** Runs `work` with its own connection, closed before the binary runs (PGlite has one writer). */
  async function withFeed<T>(work: (writer: FeedWriter) => Promise<T>): Promise<T> {
    const knex = await createKnex(getDb().url);
    try {
      const store = new KnexLinkStore({ knex, changeFeed: true });
      return await work({ store, remoteLink: new RemoteLink({ links, store }) });
    } finally {
      await knex.destroy();
    }
  }

  /**
   * Writes, then reads the feed and returns the positions of the new changes.
   * Changes get their positions when read, and prune removes only positioned ones.
   */
  const write = (work: (remoteLink: RemoteLink) => Promise<unknown>) =>
    withFeed(async ({ remoteLink }) => {
      const { cursor } = await remoteLink.changes({ after: "0", limit: 1000 });
      await work(remoteLink);
      return (await remoteLink.changes({ after: cursor, limit: 1000 })).changes.map((change) => change.position);
    });

  /** The feed's positions, read through the back door. */
  const positions = async () =>
    (await getDb().sql(`select "position"::text as "position" from "public"."modlink_changes" order by "position"`)).map((row) => row.position);

  it("feed prune on a database without the feed's tables says to set changeFeed: true and run modlink sync", async () => {
    const without = await run(["feed", "prune", "--through", "1", "--config", V1_CONFIG]);
    expect(without.code).toBe(1);
    expect(without.stdout).toBe("");
    expect(without.stderr).toMatch(/^error MISSING_CAPABILITY: \S+, schema "public", has no change feed: 4 tables missing /);
    expect(without.stderr).toContain(`(${FEED_TABLES.join(", ")}); set \`changeFeed: true\` in ${V1_CONFIG} and run \`modlink sync\` to create them.\n`);
    const withFlag = await run(["feed", "prune", "--older-than", "7d", "--config", FEED_CONFIG, "--json"]);
    expect(withFlag.code).toBe(1);
    expect(JSON.parse(withFlag.stdout)).toEqual({
      ok: false,
      error: { code: "MISSING_CAPABILITY", message: expect.stringMatching(/has no change feed: .*; run `modlink sync` to create them\.$/) },
    });
  });

  it("with changeFeed: true, plan lists the feed's missing tables and sync creates them", async () => {
    const plan = await run(["plan", "--config", FEED_CONFIG, "--json", "--check"]);
    expect(plan.code).toBe(2);
    expect(JSON.parse(plan.stdout)).toMatchObject({ ok: true, command: "plan", pending: true, missingFeedTables: FEED_TABLES });

    const sync = await run(["sync", "--config", FEED_CONFIG]);
    expect(sync.stderr).toBe("");
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain(`Created the change feed's tables: ${FEED_TABLES.join(", ")}.`);
    expect(sync.stdout).toMatch(/Applied 2 changes in \d+ ms\.\n$/);

    const after = await run(["plan", "--config", FEED_CONFIG, "--json"]);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ pending: false, steps: [], missingFeedTables: [] });
  });

  it("prune --through deletes the changes up to and including that position; --json gives the count and no consumer", async () => {
    const written = await write((remoteLink) => remoteLink.create([pb("p1", "b1"), pt("p1", "t1"), pt("p1", "t2")]));
    expect(written).toHaveLength(3);
    const result = await run(["feed", "prune", "--through", written[1]!, "--config", FEED_CONFIG, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      command: "feed",
      subcommand: "prune",
      database: expect.stringMatching(/^(pglite|postgres):\/\//),
      schema: "public",
      through: written[1],
      olderThan: null,
      before: null,
      pruned: 2,
      heldBy: null,
    });
    expect(await positions()).toEqual([written[2]]);
  });

  it("prune --older-than deletes only the changes written longer ago than that", async () => {
    const [old] = await positions();
    await getDb().sql(`update "public"."modlink_changes" set "at" = now() - interval '8 days' where "position" = ${old}`);
    const written = await write((remoteLink) => remoteLink.create(pt("p2", "t1")));
    const result = await run(["feed", "prune", "--older-than", "7d", "--config", FEED_CONFIG]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Pruning the change feed in \S+, schema "public": changes older than 7d \(before \d{4}-\d\d-\d\dT[\d:.]+Z\)\n/);
    expect(result.stdout).toContain("\nPruned 1 change.\n");
    expect(result.stdout).not.toContain("Held back");
    expect(result.stdout).not.toMatch(ANSI);
    expect(await positions()).toEqual(written);
  });

  it("a consumer's saved cursor holds the prune back, and the output names the consumer and its position", async () => {
    const before = await positions();
    const [held, last] = await write((remoteLink) => remoteLink.create([pt("p3", "t1"), pt("p3", "t2")]));
    await withFeed(({ store }) => store.saveFeedCursor("search_indexer", held!));

    const text = await run(["feed", "prune", "--through", last!, "--config", FEED_CONFIG]);
    expect(text.code).toBe(0);
    // The change left by the previous test and the consumer's own; not the one after its cursor.
    expect(before).toHaveLength(1);
    expect(text.stdout).toContain(`changes through position ${last}\nPruned 2 changes.\n`);
    expect(text.stdout).toContain(`Held back by consumer "search_indexer", which has processed changes through position ${held} only: later ones were kept.`);
    expect(await positions()).toEqual([last]);

    const json = await run(["feed", "prune", "--through", last!, "--older-than", "0s", "--config", FEED_CONFIG, "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      through: last,
      olderThan: "0s",
      before: expect.stringMatching(/^\d{4}-/),
      pruned: 0,
      heldBy: { consumer: "search_indexer", position: held },
    });
    expect(await positions()).toEqual([last]);
  });
}
