import { type LinkChange, RemoteLink } from "@modlink/core";
import { freshPostgres } from "@modlink/test-support";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KnexLinkStore } from "../src";
import { DATABASE, LINKS, TABLES, tableModule } from "./helpers/cascade-sql-world";
import { openTestPglite } from "./helpers/pglite-database";

/*
 * What only a SQL store can get wrong about its change feed: entries written
 * by the statements of cascade steps run in SQL, host transactions that
 * roll back, and transactions committing in another order than they wrote.
 * The contract itself is `changeFeedSuite` (change-feed-conformance tests).
 */

interface SuiteDatabase {
  readonly knex: Knex;
  close(): Promise<void>;
}

let schemas = 0;

/** A fresh schema with the cascade world's links and record tables, and a feed-keeping RemoteLink over it. */
async function world(knex: Knex, sql: boolean) {
  const schema = `feed_${++schemas}`;
  const store = new KnexLinkStore({ knex, schema, changeFeed: true, database: sql ? DATABASE : undefined });
  await store.sync([...LINKS]);
  for (const table of Object.values(TABLES))
    await knex.raw(`create table "${schema}"."${table}" ("id" text primary key, "deleted_at" timestamptz, "deletion_id" text)`);
  await knex.raw(`insert into "${schema}"."rec_item" ("id") values ('i1'), ('i2')`);
  await knex.raw(`insert into "${schema}"."rec_level" ("id") values ('s1'), ('s2')`);
  const declared = sql ? { database: DATABASE } : undefined;
  const services = {
    inventory: tableModule(knex, schema, ["inventory_item"], declared),
    stock: tableModule(knex, schema, ["stock_level"], declared),
    tags: tableModule(knex, schema, ["tag"]),
    shop: tableModule(knex, schema, []),
  };
  const remoteLink = new RemoteLink({ links: LINKS, store, services });
  await remoteLink.create([
    { shop: { product_id: "p1" }, inventory: { inventory_item_id: "i1" } },
    { shop: { product_id: "p1" }, inventory: { inventory_item_id: "i2" } },
    { inventory: { inventory_item_id: "i1" }, stock: { stock_level_id: "s1" } },
    { inventory: { inventory_item_id: "i2" }, stock: { stock_level_id: "s2" } },
  ]);
  return { schema, store, remoteLink, services };
}

/** Every change after `after`, read page by page. */
async function changesAfter(remoteLink: RemoteLink, after: string): Promise<LinkChange[]> {
  const all: LinkChange[] = [];
  for (let cursor = after; ;) {
    const page = await remoteLink.changes({ after: cursor, limit: 3 });
    if (page.changes.length === 0) return all;
    all.push(...page.changes);
    cursor = page.cursor;
  }
}

/** Changes as comparable lines: operation, link, keys; deletion ids by order of appearance. */
function lines(changes: readonly LinkChange[]): string[] {
  const labels = new Map<string, string>();
  const label = (id: string | null) => (id === null ? "-" : (labels.get(id) ?? labels.set(id, `d${labels.size + 1}`).get(id)));
  return changes.map((change) => `${change.operation} ${change.link} ${Object.values(change.keys).join("-")} ${label(change.deletionId)}`);
}

function suite(name: string, open: () => Promise<SuiteDatabase | undefined>) {
  let db: SuiteDatabase | undefined;
  const knex = () => (db as SuiteDatabase).knex;
  describe(`change feed of KnexLinkStore on ${name}`, () => {
    beforeAll(async () => {
      db = await open();
    });
    afterAll(() => db?.close());

    it("cascade steps run in SQL record the same changes as steps through the services, and restore records them back", async () => {
      const results: string[][] = [];
      for (const sql of [false, true]) {
        const { remoteLink, services } = await world(knex(), sql);
        const start = (await remoteLink.changes({ limit: 10_000 })).cursor;
        await remoteLink.delete({ shop: { product_id: "p1" } });
        await remoteLink.restore({ shop: { product_id: "p1" } });
        results.push(lines(await changesAfter(remoteLink, start)).sort());
        expect(services.inventory.calls).toBe(sql ? 0 : 2);
      }
      expect(results[1]).toEqual(results[0]);
      expect(results[0]).toHaveLength(8);
      expect(results[0]?.filter((line) => line.startsWith("deleted") && line.endsWith(" d1"))).toHaveLength(4);
    });

    it("a host transaction that rolls back leaves no change; one that commits leaves its changes", async () => {
      const { remoteLink } = await world(knex(), false);
      const start = (await remoteLink.changes({ limit: 10_000 })).cursor;
      const rollBack = new Error("the host rolls back");
      const failed = await knex()
        .transaction(async (trx) => {
          await remoteLink.create({ shop: { product_id: "p9" }, inventory: { inventory_item_id: "i9" } }, { transaction: trx });
          await remoteLink.dismiss({ shop: { product_id: "p1" }, inventory: { inventory_item_id: "i1" } }, { transaction: trx });
          throw rollBack;
        })
        .catch((error: unknown) => error);
      expect(failed).toBe(rollBack);
      expect(await changesAfter(remoteLink, start)).toEqual([]);
      await knex().transaction((trx) => remoteLink.create({ shop: { product_id: "p9" }, inventory: { inventory_item_id: "i9" } }, { transaction: trx }));
      expect(lines(await changesAfter(remoteLink, start))).toEqual([`created ${LINKS[0].table} p9-i9 -`]);
    });
  });
}

suite("PGlite", async () => {
  const pglite = await openTestPglite("memory");
  return { knex: pglite.knex, close: () => pglite.close() };
});

const postgres = await freshPostgres("feed");
afterAll(() => postgres?.drop());
describe.skipIf(!postgres)("on PostgreSQL", () => {
  suite("PostgreSQL", async () => {
    const knex = (postgres as NonNullable<typeof postgres>).connect();
    return { knex, close: () => knex.destroy() };
  });

  it("a change written first but committed last gets the next position when it commits: none is skipped, none moves", async () => {
    const database = postgres as NonNullable<typeof postgres>;
    const knex = database.connect({ poolMax: 4 });
    try {
      const { remoteLink } = await world(knex, false);
      const start = (await remoteLink.changes({ limit: 10_000 })).cursor;
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let written: () => void = () => {};
      const wrote = new Promise<void>((resolve) => (written = resolve));
      // The first writer stays open after writing; the second writes and commits meanwhile.
      const first = knex.transaction(async (trx) => {
        await remoteLink.create({ shop: { product_id: "early" }, inventory: { inventory_item_id: "e1" } }, { transaction: trx });
        written();
        await held;
      });
      await wrote;
      await remoteLink.create({ shop: { product_id: "late" }, inventory: { inventory_item_id: "l1" } });
      const before = await remoteLink.changes({ after: start });
      expect(before.changes.map((change) => change.keys.product_id)).toEqual(["late"]);
      release();
      await first;
      const after = await remoteLink.changes({ after: before.cursor });
      expect(after.changes.map((change) => change.keys.product_id)).toEqual(["early"]);
      expect(BigInt(after.cursor) - BigInt(before.cursor)).toBe(1n);
      expect(BigInt(before.cursor) - BigInt(start)).toBe(1n);
    } finally {
      await knex.destroy();
    }
  });

  it("a statement that waited for a link row's lock is numbered after the change it waited for, though it began first", async () => {
    const database = postgres as NonNullable<typeof postgres>;
    const knex = database.connect({ poolMax: 4 });
    try {
      const { schema, remoteLink } = await world(knex, false);
      const pair = { shop: { product_id: "p1" }, inventory: { inventory_item_id: "i1" } };
      const start = (await remoteLink.changes({ limit: 10_000 })).cursor;
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      // The host holds the link row's lock, then dismisses it once a create of the same pair waits for it.
      const host = knex.transaction(async (trx) => {
        await trx.raw(`select 1 from "${schema}"."${LINKS[0].table}" where "product_id" = 'p1' and "inventory_item_id" = 'i1' for update`);
        await held;
        await remoteLink.dismiss(pair, { transaction: trx });
      });
      // The create writes a new pair first, then waits for the held one: it has begun writing before it waits.
      const create = remoteLink.create([{ shop: { product_id: "p7" }, inventory: { inventory_item_id: "i7" } }, pair]);
      await waitForLockWaiters(knex, 1);
      release();
      await host;
      await create;
      const [first, ...rest] = lines(await changesAfter(remoteLink, start));
      expect(first).toBe(`dismissed ${LINKS[0].table} p1-i1 -`);
      expect(rest.sort()).toEqual([`created ${LINKS[0].table} p7-i7 -`, `revived ${LINKS[0].table} p1-i1 -`]);
    } finally {
      await knex.destroy();
    }
  });
});

/** Waits until `count` sessions of this database wait for a lock; fails after many checks rather than hang. */
async function waitForLockWaiters(knex: Knex, count: number): Promise<void> {
  for (let check = 0; check < 2000; check++) {
    const result = await knex.raw(`select count(*)::int as "waiting" from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (Number(result.rows[0]?.waiting) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no ${count} session(s) waited for a lock after 2000 checks`);
}
