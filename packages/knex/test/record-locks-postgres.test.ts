import type { Knex } from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { KnexLinkStore } from "../src";
import type { KnexLinkTransaction } from "../src/sql/knex-link-transaction";
import { freshPostgres } from "@modlink/test-support";

const database = await freshPostgres("knex");
const knex: Knex | undefined = database?.connect();
const admin: Knex | undefined = database?.connect();

afterAll(async () => {
  await knex?.destroy();
  await admin?.destroy();
  await database?.drop();
});

/** This file's own database: other test files on the same server take advisory locks too. */
const THIS_DATABASE = "database = (select oid from pg_database where datname = current_database())";

/** Resolves once some backend waits for an advisory lock; rejects with `work`'s error if it settles first. */
async function untilWaitingForAdvisoryLock(work: Promise<unknown>, limitMs = 60_000): Promise<void> {
  let settled = false;
  void work.then(
    () => (settled = true),
    () => (settled = true),
  );
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (settled) throw new Error("the second unit of work finished without waiting for the first one's locks");
    const waiting = await admin!.raw(`select 1 from pg_locks where locktype = 'advisory' and not granted and ${THIS_DATABASE} limit 1`);
    if (waiting.rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no backend waited for an advisory lock within ${limitMs} ms`);
}

/**
 * Holds `first`'s locks in an open unit of work, runs `second` in another,
 * and tells whether `second` had to wait for `first` to end.
 */
async function waitsFor(store: KnexLinkStore, first: Parameters<typeof lock>[1], second: Parameters<typeof lock>[1]): Promise<boolean> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const firstLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = store.transaction(async (tx) => {
    await tx.lockRecords(first);
    // The store takes locks with the unit's next statement; this unit has none, so take them now.
    await (tx as KnexLinkTransaction).takeOwedLocks();
    locked();
    await held;
  });
  await firstLocked;
  const secondDone = lock(store, second);
  try {
    await untilWaitingForAdvisoryLock(secondDone);
    return true;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("the second unit of work finished")) return false;
    throw error;
  } finally {
    release();
    await holder;
    await secondDone;
  }
}

function lock(store: KnexLinkStore, records: { module: string; key: string; ids?: string[]; shared?: boolean }[]): Promise<void> {
  return store.transaction((tx) => tx.lockRecords(records));
}

describe.skipIf(!database)("record locks on PostgreSQL", () => {
  it("a unit of work locking a record waits for another that holds it, also when it names thousands of ids at once", async () => {
    const store = new KnexLinkStore({ knex: knex! });
    const many = Array.from({ length: 5_000 }, (_, i) => `p${i}`);
    expect(await waitsFor(store, [{ module: "product", key: "product_id", ids: ["p42"] }], [{ module: "product", key: "product_id", ids: ["p42"] }])).toBe(
      true,
    );
    expect(await waitsFor(store, [{ module: "product", key: "product_id", ids: ["p42"] }], [{ module: "product", key: "product_id", ids: many }])).toBe(true);
    expect(await waitsFor(store, [{ module: "product", key: "product_id", ids: many }], [{ module: "product", key: "product_id", ids: ["zz"] }])).toBe(true);
  });

  it("shared holders of a record run side by side; an exclusive one waits for them and they for it", async () => {
    const store = new KnexLinkStore({ knex: knex! });
    const shared = [{ module: "brand", key: "brand_id", ids: ["b1"], shared: true }];
    const exclusive = [{ module: "brand", key: "brand_id", ids: ["b1"] }];
    expect(await waitsFor(store, shared, shared)).toBe(false);
    expect(await waitsFor(store, shared, exclusive)).toBe(true);
    expect(await waitsFor(store, exclusive, shared)).toBe(true);
    // A key asked for both ways in one unit is taken exclusively.
    expect(await waitsFor(store, [...shared, ...exclusive], shared)).toBe(true);
    // Every record of a key (ids omitted) covers any one of them.
    expect(await waitsFor(store, [{ module: "brand", key: "brand_id", shared: true }], exclusive)).toBe(true);
    expect(await waitsFor(store, [{ module: "brand", key: "brand_id", shared: true }], shared)).toBe(false);
  });

  it("records of another module key are not locked by it, and locks end with the unit of work", async () => {
    const store = new KnexLinkStore({ knex: knex! });
    expect(await waitsFor(store, [{ module: "product", key: "product_id", ids: ["p1"] }], [{ module: "brand", key: "brand_id", ids: ["p1"] }])).toBe(false);
    await lock(store, [{ module: "product", key: "product_id", ids: ["p1"] }]);
    const held = await admin!.raw(`select count(*)::int as n from pg_locks where locktype = 'advisory' and ${THIS_DATABASE}`);
    expect(held.rows[0].n).toBe(0);
  });
});
