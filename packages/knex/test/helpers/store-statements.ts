import { CardinalityError, type LinkStoreTransaction, RemoteLink, linkTableOf } from "@modlink/core";
import type { Knex } from "knex";
import { expect, it } from "vitest";
import { productBrand, productTag } from "./fixtures";
import { storeInFreshSchema } from "./store-in-fresh-schema";

const brands = linkTableOf(productBrand);
const tags = linkTableOf(productTag);

/**
 * What the knex store sends on one backend: how many statements a unit of
 * work costs, when it runs without BEGIN/COMMIT, and how large writes are
 * split. Registers tests in the caller's describe.
 */
export function knexStoreStatements(getKnex: () => Knex): void {
  const fresh = storeInFreshSchema(getKnex);

  it("creating 10 or 10,000 links issues the same number of statements", async () => {
    const knex = getKnex();
    const count = async (n: number, offset: number) => {
      const links = Array.from({ length: n }, (_, i) => ({ left: `p${offset + i}`, right: `t${i % 7}`, data: { rank: i } }));
      let statements = 0;
      const listener = () => statements++;
      knex.on("query", listener);
      try {
        await fresh.run((tx) => tx.upsertLinks(tags, links));
      } finally {
        knex.off("query", listener);
      }
      return statements;
    };
    const small = await count(10, 0);
    const large = await count(10_000, 1_000);
    console.log(`[statement count] 10 links: ${small}, 10,000 links: ${large}`);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(3);
    expect(await fresh.run((tx) => tx.idsWithLiveLinks(tags, "left", ["p10999", "p0"]))).toEqual(["p10999", "p0"]);
  });

  it("a unit of work that is one upsert runs as one statement carrying its record locks, without BEGIN or COMMIT", async () => {
    const knex = getKnex();
    const sent: string[] = [];
    const listener = (query: { sql: string }) => sent.push(query.sql);
    knex.on("query", listener);
    try {
      await fresh.store.transaction(
        async (tx) => {
          await tx.lockRecords([{ module: "product", key: "product_id", ids: ["single_1"] }]);
          await tx.upsertLinks(tags, [{ left: "single_1", right: "t1", data: {} }]);
        },
        { singleWrite: true },
      );
    } finally {
      knex.off("query", listener);
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^with "modlink_record_locks" as materialized \(select case when .* pg_advisory_xact_lock\(.*\) insert into /);
    expect((await fresh.rawRows(tags)).map((row) => [row.product_id, row.tag_id])).toEqual([["single_1", "t1"]]);
  });

  it("a single write larger than one statement opens its own transaction: a failing later chunk leaves nothing", async () => {
    const links = Array.from({ length: 50_001 }, (_, i) => ({ left: `p${i}`, right: `b${i}`, data: {} }));
    // The last chunk gives p0 a second brand: the one side refuses it after the first chunk was written.
    links[50_000] = { left: "p0", right: "b_other", data: {} };
    await expect(fresh.store.transaction((tx) => tx.upsertLinks(brands, links), { singleWrite: true })).rejects.toBeInstanceOf(CardinalityError);
    expect(await fresh.rawRows(brands)).toEqual([]);
  });

  it("a single write locks records only for an upsert: any other statement would not hold them", async () => {
    const work = async (tx: LinkStoreTransaction) => {
      await tx.lockRecords([{ module: "product", key: "product_id", ids: ["p1"] }]);
      await tx.dismissLinks(tags, [{ left: "p1", right: "t1" }]);
    };
    await expect(fresh.store.transaction(work, { singleWrite: true })).rejects.toThrow(/single write may lock records only for an upsert/);
  });

  it("RemoteLink.dismiss of one link table is one UPDATE without locks, BEGIN or COMMIT; of two tables, one transaction with locks", async () => {
    const knex = getKnex();
    const remoteLink = new RemoteLink({ links: [productTag, productBrand], store: fresh.store });
    await remoteLink.create([
      { product: { product_id: "d1" }, tag: { tag_id: "t1" } },
      { product: { product_id: "d1" }, tag: { tag_id: "t2" } },
      { product: { product_id: "d1" }, brand: { brand_id: "b1" } },
    ]);
    const sent: string[] = [];
    const listener = (query: { sql: string }) => sent.push(query.sql);
    knex.on("query", listener);
    try {
      expect(await remoteLink.dismiss({ product: { product_id: "d1" }, tag: { tag_id: "t1" } })).toEqual({ dismissed: 1 });
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^update /);
      sent.length = 0;
      const both = [
        { product: { product_id: "d1" }, tag: { tag_id: "t2" } },
        { product: { product_id: "d1" }, brand: { brand_id: "b1" } },
      ];
      expect(await remoteLink.dismiss(both)).toEqual({ dismissed: 2 });
      expect(sent.map((sql) => sql.split(" ")[0]?.replace(";", "").toLowerCase())).toEqual(["begin", "select", "update", "update", "commit"]);
    } finally {
      knex.off("query", listener);
    }
    expect((await fresh.rawRows(tags)).every((row) => row.deleted_at !== null)).toBe(true);
  });

  it("read-only work is one statement per read, with no BEGIN or COMMIT", async () => {
    const knex = getKnex();
    await fresh.run((tx) => tx.upsertLinks(tags, [{ left: "read_only_1", right: "t1", data: {} }]));
    const sent: string[] = [];
    const listener = (query: { sql: string }) => sent.push(query.sql);
    knex.on("query", listener);
    try {
      const rows = await fresh.store.transaction((tx) => tx.listLinks(tags, { left: ["read_only_1"] }), { readOnly: true });
      expect(rows.map((row) => [row.left, row.right])).toEqual([["read_only_1", "t1"]]);
    } finally {
      knex.off("query", listener);
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^select /);
  });

  it("a create larger than one statement's chunk is split and stays atomic", async () => {
    const links = Array.from({ length: 50_001 }, (_, i) => ({ left: `p${i}`, right: "t1", data: {} }));
    await fresh.run((tx) => tx.upsertLinks(tags, links));
    expect((await getKnex().raw(`select count(*)::int as n from "${fresh.schema}"."${tags.name}"`)).rows[0].n).toBe(50_001);
    await expect(
      fresh.run(async (tx) => {
        await tx.upsertLinks(
          brands,
          links.map((link) => ({ ...link, right: `b${link.left}` })),
        );
        await tx.upsertLinks(brands, [{ left: "p50000", right: "other", data: {} }]);
      }),
    ).rejects.toBeInstanceOf(CardinalityError);
    expect(await fresh.rawRows(brands)).toEqual([]);
  });
}
