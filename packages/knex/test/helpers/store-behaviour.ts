import { CardinalityError, type LinkStoreTransaction, type LinkTable, RemoteLink, linkTableOf } from "@modlink/core";
import type { Knex } from "knex";
import { beforeEach, expect, it } from "vitest";
import { KnexLinkStore } from "../../src";
import { asListed, freshSchema, orderCustomer, productBrand, productTag } from "./fixtures";

const brands = linkTableOf(productBrand);
const tags = linkTableOf(productTag);
const orders = linkTableOf(orderCustomer);
const stamp = (deletionId: string) => ({ deletionId, at: new Date("2030-01-02T03:04:05.000Z") });

/**
 * The knex store's own behaviour on one backend: writes are checked through
 * raw rows as well as through `listLinks`. Registers tests in the caller's describe.
 */
export function knexStoreBehaviour(getKnex: () => Knex): void {
  let store: KnexLinkStore;
  let schema: string;
  const run = <T>(work: (tx: LinkStoreTransaction) => Promise<T>) => store.transaction(work);
  const rawRows = async (table: LinkTable) =>
    (await getKnex().raw(`select * from "${schema}"."${table.name}" order by id`)).rows as Record<string, unknown>[];

  beforeEach(async () => {
    schema = freshSchema();
    store = new KnexLinkStore({ knex: getKnex(), schema });
    await store.sync([productBrand, productTag, orderCustomer]);
  });

  it("create stores each pair once with a prefixed ULID id, live and unstamped", async () => {
    await run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }, { left: "p1", right: "t2", data: { note: "x" } }]));
    const rows = await rawRows(tags);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.id).toMatch(/^ptag_[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(row).toMatchObject({ deleted_at: null, deletion_id: null, deleted_from: null, cascaded: false, rank: 0, pinned: false });
    }
    const listed = await run((tx) => tx.listLinks(tags, {}));
    expect(listed.map((link) => [link.left, link.right, link.data.note])).toEqual([["p1", "t1", null], ["p1", "t2", "x"]]);
  });

  it("extra columns of every type come back with their types", async () => {
    const seen = new Date("2031-05-06T07:08:09.123Z");
    const data = { note: `a'b"c,{d}\\e`, rank: -7, views: "9007199254740993", score: 1.25, pinned: true, meta: { a: [1, "x", null] }, seen_at: seen };
    await run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data }, { left: "p2", right: "t1", data: { meta: "just a string" } }]));
    const [first, second] = await run((tx) => tx.listLinks(tags, { right: ["t1"] }));
    expect(first?.data).toEqual(data);
    expect(first?.createdAt).toBeInstanceOf(Date);
    expect(second?.data).toEqual({ note: null, rank: 0, views: null, score: null, pinned: false, meta: "just a string", seen_at: null });
  });

  it("creating a dismissed pair again revives the same row and keeps its id", async () => {
    await run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    const [before] = await rawRows(brands);
    expect(await run((tx) => tx.dismissLinks(brands, [{ left: "p1", right: "b1" }]))).toBe(1);
    expect((await rawRows(brands))[0]?.deleted_at).toBeInstanceOf(Date);
    await run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    const rows = await rawRows(brands);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: before?.id, deleted_at: null });
  });

  it("creating an existing pair updates only the data columns given and bumps updatedAt", async () => {
    await run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: { note: "keep", rank: 1 } }]));
    const [before] = await run((tx) => tx.listLinks(tags, {}));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: { rank: 5 } }, { left: "p2", right: "t1", data: { note: "new" } }]));
    const [after, other] = await run((tx) => tx.listLinks(tags, {}));
    expect(after).toMatchObject({ id: before?.id, data: { note: "keep", rank: 5 } });
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    expect(other?.data).toMatchObject({ note: "new", rank: 0 });
  });

  it("a repeated pair within one call's rows is the caller's error: RemoteLink merges repeats before the store sees them", async () => {
    const repeated = [
      { left: "p1", right: "t1", data: { rank: 1 } },
      { left: "p1", right: "t1", data: { rank: 2 } },
    ];
    await expect(run((tx) => tx.upsertLinks(tags, repeated))).rejects.toMatchObject({ code: "STORE_FAILURE" });
    expect(await rawRows(tags)).toEqual([]);
  });

  it("a second live partner on a one side raises CardinalityError naming the key and id, and writes nothing", async () => {
    await run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    const failure = run((tx) => tx.upsertLinks(brands, [{ left: "p2", right: "b1", data: {} }, { left: "p1", right: "b2", data: {} }]));
    await expect(failure).rejects.toBeInstanceOf(CardinalityError);
    await expect(failure).rejects.toMatchObject({ code: "CARDINALITY_VIOLATION", link: productBrand.label, key: "product_id", id: "p1" });
    expect((await rawRows(brands)).map((row) => row.brand_id)).toEqual(["b1"]);
  });

  it("one to one links refuse a second live partner on either side", async () => {
    await run((tx) => tx.upsertLinks(orders, [{ left: "o1", right: "c1", data: {} }]));
    await expect(run((tx) => tx.upsertLinks(orders, [{ left: "o2", right: "c1", data: {} }]))).rejects.toMatchObject({ key: "customer_id", id: "c1" });
    await expect(run((tx) => tx.upsertLinks(orders, [{ left: "o1", right: "c2", data: {} }]))).rejects.toMatchObject({ key: "order_id", id: "o1" });
  });

  it("a dismissed pair frees the one side for a new partner", async () => {
    await run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    await run(async (tx) => {
      await tx.dismissLinks(brands, [{ left: "p1", right: "b1" }]);
      await tx.upsertLinks(brands, [{ left: "p1", right: "b2", data: {} }]);
    });
    expect((await run((tx) => tx.listLinks(brands, { left: ["p1"] }))).map((link) => link.right)).toEqual(["b2"]);
  });

  it("dismiss removes only the given live pairs and counts them", async () => {
    await run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }, { left: "p1", right: "t2", data: {} }, { left: "p2", right: "t1", data: {} }]));
    const count = await run((tx) => tx.dismissLinks(tags, [{ left: "p1", right: "t1" }, { left: "p2", right: "t1" }, { left: "p9", right: "t9" }]));
    expect(count).toBe(2);
    expect(await run((tx) => tx.dismissLinks(tags, [{ left: "p1", right: "t1" }]))).toBe(0);
    const rows = await rawRows(tags);
    expect(rows.filter((row) => row.deleted_at !== null).map((row) => [row.product_id, row.tag_id, row.deletion_id])).toEqual([["p1", "t1", null], ["p2", "t1", null]]);
  });

  it("dismissAllBut dismisses the anchors' other live links and keeps the listed pairs", async () => {
    await run((tx) =>
      tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }, { left: "p1", right: "t2", data: {} }, { left: "p1", right: "t3", data: {} }, { left: "p2", right: "t1", data: {} }]),
    );
    expect(await run((tx) => tx.dismissAllBut(tags, "left", ["p1"], [{ left: "p1", right: "t2" }]))).toBe(2);
    expect(await run((tx) => tx.dismissAllBut(tags, "right", ["t1"], []))).toBe(1);
    const live = await run((tx) => tx.listLinks(tags, {}));
    expect(live.map((link) => [link.left, link.right])).toEqual([["p1", "t2"]]);
  });

  it("listLinks filters by left, right and pairs, live only unless withDeleted", async () => {
    await run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }, { left: "p1", right: "t2", data: {} }, { left: "p2", right: "t1", data: {} }]));
    await run((tx) => tx.dismissLinks(tags, [{ left: "p1", right: "t2" }]));
    const pairs = async (filter: Parameters<LinkStoreTransaction["listLinks"]>[1]) =>
      (await run((tx) => tx.listLinks(tags, filter))).map((link) => `${link.left}>${link.right}`).sort();
    expect(await pairs({ left: ["p1"] })).toEqual(["p1>t1"]);
    expect(await pairs({ left: ["p1"], withDeleted: true })).toEqual(["p1>t1", "p1>t2"]);
    expect(await pairs({ right: ["t1"] })).toEqual(["p1>t1", "p2>t1"]);
    expect(await pairs({ left: ["p2"], right: ["t1", "t2"] })).toEqual(["p2>t1"]);
    expect(await pairs({ pairs: [{ left: "p1", right: "t2" }, { left: "p2", right: "t1" }], withDeleted: true })).toEqual(["p1>t2", "p2>t1"]);
    expect(await pairs({ left: [] })).toEqual([]);
    const all = await run((tx) => tx.listLinks(tags, { withDeleted: true }));
    expect(all.map((link) => link.id)).toEqual([...all.map((link) => link.id)].sort());
    expect(all.find((link) => link.right === "t2")?.deletedAt).toBeInstanceOf(Date);
  });

  it("listRows gives exactly what list() makes of listLinks: extra columns of every type, deleted rows, filters, order", async () => {
    const data = { note: "n", rank: 3, views: "9007199254740993", score: 0.5, pinned: true, meta: { a: [1] }, seen_at: new Date("2031-05-06T07:08:09.123Z") };
    await run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data }, { left: "p2", right: "t1", data: {} }, { left: "p1", right: "t2", data: {} }]));
    await run((tx) => tx.dismissLinks(tags, [{ left: "p1", right: "t2" }]));
    const filters = [{ withDeleted: true }, { left: ["p1"] }, { right: ["t1"], limit: 1 }, { pairs: [{ left: "p1", right: "t2" }], withDeleted: true }, { left: [] }];
    for (const filter of filters) {
      const [rows, links] = await run(async (tx) => [await (tx.listRows?.(tags, filter) ?? []), await tx.listLinks(tags, filter)] as const);
      expect(rows, JSON.stringify(filter)).toStrictEqual(links.map(asListed));
    }
    const [withData] = await run(async (tx) => (await tx.listRows?.(tags, { left: ["p1"], right: ["t1"] })) ?? []);
    expect(withData).toMatchObject({ ...data, product_id: "p1", tag_id: "t1", deleted_at: null });
  });

  it("a cascade soft-delete is stamped, and restore revives exactly it, never dismissed rows", async () => {
    await run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }, { left: "p1", right: "t2", data: {} }, { left: "p1", right: "t3", data: {} }]));
    await run((tx) => tx.dismissLinks(tags, [{ left: "p1", right: "t3" }]));
    const deleted = await run(async (tx) => {
      const result = await tx.softDeleteLinks(tags, "left", ["p1"], stamp("del_1"), { cascade: true });
      // Another deletion's rows and other partners keep their mark.
      await tx.unmarkCascaded(tags, "left", ["p1"], "del_1", ["t1", "t9"]);
      return result;
    });
    expect(deleted.count).toBe(2);
    expect(deleted.pairs.map((pair) => pair.right).sort()).toEqual(["t1", "t2"]);
    const stamped = (await rawRows(tags)).filter((row) => row.deletion_id === "del_1");
    expect(stamped.map((row) => [row.tag_id, row.deleted_from, row.cascaded, (row.deleted_at as Date).toISOString()]).sort()).toEqual([
      ["t1", "left", false, "2030-01-02T03:04:05.000Z"],
      ["t2", "left", true, "2030-01-02T03:04:05.000Z"],
    ]);
    expect(await run((tx) => tx.restoreLinks(tags, "right", [{ id: "t1", deletionId: null }]))).toEqual([]);
    expect(await run((tx) => tx.restoreLinks(tags, "left", [{ id: "p1", deletionId: "del_other" }]))).toEqual([]);
    const restored = await run((tx) => tx.restoreLinks(tags, "left", [{ id: "p1", deletionId: "del_1" }]));
    expect(restored.sort((a, b) => a.right.localeCompare(b.right))).toEqual([
      { left: "p1", right: "t1", deletionId: "del_1", cascaded: false },
      { left: "p1", right: "t2", deletionId: "del_1", cascaded: true },
    ]);
    const live = await run((tx) => tx.listLinks(tags, {}));
    expect(live.map((link) => link.right)).toEqual(expect.arrayContaining(["t1", "t2"]));
    expect(live.map((link) => link.right)).not.toContain("t3");
    expect((await rawRows(tags)).filter((row) => row.deleted_at === null).every((row) => row.deletion_id === null && row.cascaded === false)).toBe(true);
  });

  it("restore with any deletion revives rows of every cascade from that side", async () => {
    await run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }, { left: "p2", right: "t1", data: {} }]));
    expect(await run((tx) => tx.softDeleteLinks(tags, "left", ["p1"], stamp("del_a"), { cascade: false }))).toEqual({ count: 1, pairs: [] });
    await run((tx) => tx.softDeleteLinks(tags, "left", ["p2"], stamp("del_b"), { cascade: false }));
    const restored = await run((tx) => tx.restoreLinks(tags, "left", [{ id: "p1", deletionId: null }, { id: "p2", deletionId: null }]));
    expect(restored.map((link) => link.deletionId).sort()).toEqual(["del_a", "del_b"]);
  });

  it("restoring a link whose one side has a newer live partner raises CardinalityError", async () => {
    await run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    await run((tx) => tx.softDeleteLinks(brands, "right", ["b1"], stamp("del_1"), { cascade: false }));
    await run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b2", data: {} }]));
    await expect(run((tx) => tx.restoreLinks(brands, "right", [{ id: "b1", deletionId: "del_1" }]))).rejects.toMatchObject({
      code: "CARDINALITY_VIOLATION",
      key: "product_id",
      id: "p1",
    });
  });

  it("idsWithLiveLinks returns the ids that still have a live row on that side", async () => {
    await run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }, { left: "p2", right: "t1", data: {} }, { left: "p3", right: "t2", data: {} }]));
    await run((tx) => tx.dismissLinks(tags, [{ left: "p3", right: "t2" }]));
    expect((await run((tx) => tx.idsWithLiveLinks(tags, "left", ["p1", "p3", "p9"]))).sort()).toEqual(["p1"]);
    expect((await run((tx) => tx.idsWithLiveLinks(tags, "right", ["t1", "t2"]))).sort()).toEqual(["t1"]);
  });

  it("a failure later in the unit rolls back links written earlier in it", async () => {
    const failure = run(async (tx) => {
      await tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }]);
      throw new Error("host failed");
    });
    await expect(failure).rejects.toThrow("host failed");
    expect(await rawRows(tags)).toEqual([]);
  });

  it("handle is the knex transaction: host writes through it commit or roll back with the links", async () => {
    const knex = getKnex();
    await knex.raw(`create table "${schema}".host_rows (id text primary key)`);
    await expect(
      store.transaction(async (tx) => {
        await (tx.handle as Knex.Transaction).raw(`insert into "${schema}".host_rows values ('h1')`);
        await tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }]);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect((await knex.raw(`select count(*)::int as n from "${schema}".host_rows`)).rows[0].n).toBe(0);
    expect(await rawRows(tags)).toEqual([]);
  });

  it("inside a host transaction, links commit and roll back with the host", async () => {
    const knex = getKnex();
    await knex.raw(`create table "${schema}".host_rows (id text primary key)`);
    await expect(
      knex.transaction(async (trx) => {
        await trx.raw(`insert into "${schema}".host_rows values ('h1')`);
        await store.transaction((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }]), { outer: trx });
        throw new Error("host rolls back");
      }),
    ).rejects.toThrow("host rolls back");
    expect(await rawRows(tags)).toEqual([]);
    await knex.transaction(async (trx) => {
      await trx.raw(`insert into "${schema}".host_rows values ('h2')`);
      await store.transaction((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }]), { outer: trx });
    });
    expect(await rawRows(tags)).toHaveLength(1);
  });

  it("a store failure inside a host transaction undoes only the store's part and leaves the host transaction usable", async () => {
    const knex = getKnex();
    await knex.raw(`create table "${schema}".host_rows (id text primary key)`);
    await run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    await knex.transaction(async (trx) => {
      await trx.raw(`insert into "${schema}".host_rows values ('h1')`);
      const failed = store.transaction(
        async (tx) => {
          await tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }]);
          await tx.upsertLinks(brands, [{ left: "p1", right: "b2", data: {} }]);
        },
        { outer: trx },
      );
      await expect(failed).rejects.toBeInstanceOf(CardinalityError);
      await trx.raw(`insert into "${schema}".host_rows values ('h2')`);
    });
    expect((await knex.raw(`select id from "${schema}".host_rows order by id`)).rows.map((row: { id: string }) => row.id)).toEqual(["h1", "h2"]);
    expect(await rawRows(tags)).toEqual([]);
  });

  it("a host transaction that is not a knex transaction is refused with a clear error", async () => {
    await expect(store.transaction(async () => 1, { outer: {} })).rejects.toMatchObject({ code: "STORE_FAILURE", message: expect.stringContaining("knex transaction") });
  });

  it("close leaves an injected knex open", async () => {
    await store.close();
    expect((await getKnex().raw("select 1 as one")).rows[0].one).toBe(1);
  });

  it("creating 10 or 10,000 links issues the same number of statements", async () => {
    const knex = getKnex();
    const count = async (n: number, offset: number) => {
      const links = Array.from({ length: n }, (_, i) => ({ left: `p${offset + i}`, right: `t${i % 7}`, data: { rank: i } }));
      let statements = 0;
      const listener = () => statements++;
      knex.on("query", listener);
      try {
        await run((tx) => tx.upsertLinks(tags, links));
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
    expect(await run((tx) => tx.idsWithLiveLinks(tags, "left", ["p10999", "p0"]))).toEqual(["p10999", "p0"]);
  });

  it("a unit of work that is one upsert runs as one statement carrying its record locks, without BEGIN or COMMIT", async () => {
    const knex = getKnex();
    const sent: string[] = [];
    const listener = (query: { sql: string }) => sent.push(query.sql);
    knex.on("query", listener);
    try {
      await store.transaction(
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
    expect((await rawRows(tags)).map((row) => [row.product_id, row.tag_id])).toEqual([["single_1", "t1"]]);
  });

  it("a single write larger than one statement opens its own transaction: a failing later chunk leaves nothing", async () => {
    const links = Array.from({ length: 50_001 }, (_, i) => ({ left: `p${i}`, right: `b${i}`, data: {} }));
    // The last chunk gives p0 a second brand: the one side refuses it after the first chunk was written.
    links[50_000] = { left: "p0", right: "b_other", data: {} };
    await expect(store.transaction((tx) => tx.upsertLinks(brands, links), { singleWrite: true })).rejects.toBeInstanceOf(CardinalityError);
    expect(await rawRows(brands)).toEqual([]);
  });

  it("a single write locks records only for an upsert: any other statement would not hold them", async () => {
    const work = async (tx: LinkStoreTransaction) => {
      await tx.lockRecords([{ module: "product", key: "product_id", ids: ["p1"] }]);
      await tx.dismissLinks(tags, [{ left: "p1", right: "t1" }]);
    };
    await expect(store.transaction(work, { singleWrite: true })).rejects.toThrow(/single write may lock records only for an upsert/);
  });

  it("RemoteLink.dismiss of one link table is one UPDATE without locks, BEGIN or COMMIT; of two tables, one transaction with locks", async () => {
    const knex = getKnex();
    const remoteLink = new RemoteLink({ links: [productTag, productBrand], store });
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
      const both = [{ product: { product_id: "d1" }, tag: { tag_id: "t2" } }, { product: { product_id: "d1" }, brand: { brand_id: "b1" } }];
      expect(await remoteLink.dismiss(both)).toEqual({ dismissed: 2 });
      expect(sent.map((sql) => sql.split(" ")[0]?.replace(";", "").toLowerCase())).toEqual(["begin", "select", "update", "update", "commit"]);
    } finally {
      knex.off("query", listener);
    }
    expect((await rawRows(tags)).every((row) => row.deleted_at !== null)).toBe(true);
  });

  it("read-only work is one statement per read, with no BEGIN or COMMIT", async () => {
    const knex = getKnex();
    await run((tx) => tx.upsertLinks(tags, [{ left: "read_only_1", right: "t1", data: {} }]));
    const sent: string[] = [];
    const listener = (query: { sql: string }) => sent.push(query.sql);
    knex.on("query", listener);
    try {
      const rows = await store.transaction((tx) => tx.listLinks(tags, { left: ["read_only_1"] }), { readOnly: true });
      expect(rows.map((row) => [row.left, row.right])).toEqual([["read_only_1", "t1"]]);
    } finally {
      knex.off("query", listener);
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^select /);
  });

  it("a create larger than one statement's chunk is split and stays atomic", async () => {
    const links = Array.from({ length: 50_001 }, (_, i) => ({ left: `p${i}`, right: "t1", data: {} }));
    await run((tx) => tx.upsertLinks(tags, links));
    expect((await getKnex().raw(`select count(*)::int as n from "${schema}"."${tags.name}"`)).rows[0].n).toBe(50_001);
    await expect(
      run(async (tx) => {
        await tx.upsertLinks(brands, links.map((link) => ({ ...link, right: `b${link.left}` })));
        await tx.upsertLinks(brands, [{ left: "p50000", right: "other", data: {} }]);
      }),
    ).rejects.toBeInstanceOf(CardinalityError);
    expect(await rawRows(brands)).toEqual([]);
  });
}
