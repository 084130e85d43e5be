import { CardinalityError, type CreatedLink, type DismissedLink, RemoteLink, defineLink, defineModule } from "@modlink/core";
import { freshPostgres } from "@modlink/test-support";
import { afterAll, describe, expect, it } from "vitest";
import { KnexLinkStore } from "../src";

/*
 * Writers on eight connections create and dismiss the same few pairs with
 * `returnLinks`, so they keep meeting on the same rows, some inside a unit
 * that has already inserted a pair another is about to insert. What they
 * report is judged against the final tables, not against the store's code:
 * each row's reported life must alternate (one `created` at most, then
 * dismissals and revivals taking turns) and end as the table holds it.
 */

const Shop = defineModule("shop", { models: ["product"] });
const Catalog = defineModule("catalog", { models: ["brand", "tag"] });
/** One brand per product: concurrent creates conflict. */
const productBrand = defineLink({ linkable: Shop.linkable.product, isList: true }, Catalog.linkable.brand, {
  database: { extraColumns: { rank: { type: "integer", default: 0 } } },
});
/** Many to many: creates of the same pair share their record locks and meet at the pair's index. */
const productTag = defineLink({ linkable: Shop.linkable.product, isList: true }, { linkable: Catalog.linkable.tag, isList: true });
const links = [productBrand, productTag] as const;

const WORKERS = 8;
const CALLS_PER_WORKER = 40;
const products = ["p1", "p2"];
const brands = ["b1", "b2"];
const tags = ["t1", "t2"];

/** A seeded generator, so a failure can be run again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** What one call reported about one row, in the order the call returned. */
type Report = { readonly id: string; readonly kind: "created" | "revived" | "updated" | "unchanged" | "dismissed"; readonly live: boolean };

const postgres = await freshPostgres("returned_links");
afterAll(() => postgres?.drop());

describe.skipIf(!postgres)("create and dismiss returning links under concurrent writers on PostgreSQL", () => {
  it("report each row's life exactly: one created at most, revivals and dismissals taking turns, ending as the table holds it", async () => {
    const knex = (postgres as NonNullable<typeof postgres>).connect({ poolMax: WORKERS + 2 });
    try {
      const store = new KnexLinkStore({ knex });
      await store.sync([...links]);
      const remoteLink = new RemoteLink({ links, store });
      const reports: Report[] = [];
      const fromCreate = (written: readonly CreatedLink[]) =>
        written.map((entry) => ({ id: String(entry.row.id), kind: entry.outcome, live: entry.row.deleted_at === null }));
      const fromDismiss = (dismissed: readonly DismissedLink[]) =>
        dismissed.map((entry) => ({ id: String(entry.row.id), kind: "dismissed" as const, live: entry.row.deleted_at === null }));
      const worker = async (seed: number) => {
        const next = random(seed);
        const pick = <T>(from: readonly T[]) => from[Math.floor(next() * from.length)] as T;
        for (let call = 0; call < CALLS_PER_WORKER; call++) {
          const [p, b, t] = [pick(products), pick(brands), pick(tags)];
          const roll = next();
          try {
            if (roll < 0.25)
              reports.push(
                ...fromCreate(await remoteLink.create({ shop: { product_id: p }, catalog: { brand_id: b }, data: { rank: call } }, { returnLinks: true })),
              );
            else if (roll < 0.55)
              reports.push(...fromCreate(await remoteLink.create([{ shop: { product_id: p }, catalog: { tag_id: t } }], { returnLinks: true })));
            else if (roll < 0.7)
              reports.push(...fromDismiss((await remoteLink.dismiss({ shop: { product_id: p }, catalog: { brand_id: b } }, { returnLinks: true })).links));
            else reports.push(...fromDismiss((await remoteLink.dismiss({ shop: { product_id: p }, catalog: { tag_id: t } }, { returnLinks: true })).links));
          } catch (error) {
            if (!(error instanceof CardinalityError)) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i + 1)));

      const rows: { id: string; live: boolean }[] = [];
      for (const link of links) rows.push(...(await knex(link.table).select("id", knex.raw(`"deleted_at" is null as "live"`))));
      const final = new Map(rows.map((row) => [row.id, row.live]));
      for (const [id, live] of final) {
        const mine = reports.filter((report) => report.id === id);
        const count = (kind: Report["kind"]) => mine.filter((report) => report.kind === kind).length;
        // Every row was created by exactly one call, and every call saw its own write.
        expect([id, count("created")]).toEqual([id, 1]);
        expect(mine.every((report) => report.live === (report.kind !== "dismissed"))).toBe(true);
        // Each revival follows a dismissal and each dismissal a creation or revival: the counts can differ by the final state only.
        expect([id, count("created") + count("revived") - count("dismissed")]).toEqual([id, live ? 1 : 0]);
      }
      expect(new Set(reports.map((report) => report.id))).toEqual(new Set(final.keys()));
      expect(reports.filter((report) => report.kind === "unchanged").length).toBeGreaterThan(0);
      expect(reports.filter((report) => report.kind === "revived").length).toBeGreaterThan(0);
    } finally {
      await knex.destroy();
    }
  });
});
