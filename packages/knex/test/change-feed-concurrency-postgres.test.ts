import { CardinalityError, type LinkChange, RemoteLink, defineLink, defineModule } from "@modlink/core";
import { freshPostgres } from "@modlink/test-support";
import { afterAll, describe, expect, it } from "vitest";
import { KnexLinkStore } from "../src";

/*
 * Writers on eight connections at once create, dismiss and replace links of
 * a few records, so they keep meeting on the same rows. The feed is judged
 * by a small model written from the documentation, not by the store's code:
 * positions are 1..N with no gap; each link row's changes, in position
 * order, are a valid life (created first; updated only while live;
 * dismissed only while live; revived only while not); replaying them gives
 * exactly the rows the table holds; and the feed holds exactly as many
 * dismissals as the calls reported.
 */

const Shop = defineModule("shop", { models: ["product"] });
const Catalog = defineModule("catalog", { models: ["brand", "tag"] });
/** One brand per product: concurrent creates conflict. */
const productBrand = defineLink({ linkable: Shop.linkable.product, isList: true }, Catalog.linkable.brand, {
  database: { extraColumns: { rank: { type: "integer", default: 0 } } },
});
/** Many to many. */
const productTag = defineLink({ linkable: Shop.linkable.product, isList: true }, { linkable: Catalog.linkable.tag, isList: true });
const links = [productBrand, productTag] as const;

const WORKERS = 8;
const CALLS_PER_WORKER = 40;
const products = ["p1", "p2", "p3"];
const brands = ["b1", "b2"];
const tags = ["t1", "t2", "t3"];

/** A seeded generator, so a failure can be run again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const postgres = await freshPostgres("feed_concurrency");
afterAll(() => postgres?.drop());

describe.skipIf(!postgres)("change feed under concurrent writers on PostgreSQL", () => {
  it("has every change once, no gap, each link row's changes in an order its life allows, and replays to the tables", async () => {
    const knex = (postgres as NonNullable<typeof postgres>).connect({ poolMax: WORKERS + 2 });
    try {
      const store = new KnexLinkStore({ knex, changeFeed: true });
      await store.sync([...links]);
      const remoteLink = new RemoteLink({ links, store });
      let dismissedByCalls = 0;
      let reads: LinkChange[] = [];
      let cursor = "0";
      // One reader at a time: it resumes from the cursor the previous read returned.
      let reading = Promise.resolve();
      const readOn = () =>
        (reading = reading.then(async () => {
          const page = await remoteLink.changes({ after: cursor, limit: 7 });
          reads = [...reads, ...page.changes];
          cursor = page.cursor;
        }));
      const worker = async (seed: number) => {
        const next = random(seed);
        const pick = <T>(from: readonly T[]) => from[Math.floor(next() * from.length)] as T;
        for (let call = 0; call < CALLS_PER_WORKER; call++) {
          const [p, b, t] = [pick(products), pick(brands), pick(tags)];
          const roll = next();
          try {
            let dismissed = 0;
            if (roll < 0.3) await remoteLink.create({ shop: { product_id: p }, catalog: { brand_id: b }, data: { rank: call } });
            else if (roll < 0.5) await remoteLink.create({ shop: { product_id: p }, catalog: { tag_id: t } });
            else if (roll < 0.7) dismissed = (await remoteLink.dismiss({ shop: { product_id: p }, catalog: { brand_id: b } })).dismissed;
            else if (roll < 0.85) dismissed = (await remoteLink.dismiss({ shop: { product_id: p }, catalog: { tag_id: t } })).dismissed;
            else if (roll < 0.95) dismissed = (await remoteLink.replace({ shop: { product_id: p }, catalog: { tag_id: [t] } })).dismissed;
            // Readers run among the writers: what they read must never change or gain a gap.
            else await readOn();
            // Added after the await: `total += await x` would add to the total read before it.
            dismissedByCalls += dismissed;
          } catch (error) {
            if (!(error instanceof CardinalityError)) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i + 1)));
      for (let before = -1; before !== reads.length;) {
        before = reads.length;
        await readOn();
      }

      expect(reads.map((change) => BigInt(change.position))).toEqual(reads.map((_, i) => BigInt(i + 1)));
      const live = new Map<string, boolean>();
      for (const change of reads) {
        const was = live.get(change.id);
        const allowed = change.operation === "created" ? was === undefined : change.operation === "revived" ? was === false : was === true;
        expect([change.position, change.operation, was === undefined ? "absent" : was ? "live" : "not live", allowed]).toEqual([
          change.position,
          change.operation,
          expect.anything(),
          true,
        ]);
        live.set(change.id, change.operation !== "dismissed");
      }
      const rows = [];
      for (const link of links) rows.push(...(await knex(link.table).select("id", knex.raw(`"deleted_at" is null as "live"`))));
      expect(new Map(rows.map((row: { id: string; live: boolean }) => [row.id, row.live]))).toEqual(live);
      expect(reads.filter((change) => change.operation === "dismissed")).toHaveLength(dismissedByCalls);
      expect(reads.length).toBeGreaterThan(WORKERS * 5);
    } finally {
      await knex.destroy();
    }
  });
});
