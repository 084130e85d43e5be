import { CardinalityError, type LinkStoreTransaction, linkTableOf } from "@modlink/core";
import type { Knex } from "knex";
import { expect, it } from "vitest";
import { asListed, orderCustomer, productBrand, productTag } from "./fixtures";
import { storeInFreshSchema } from "./store-in-fresh-schema";
import { knexStoreCascadeBehaviour } from "./store-cascade-behaviour";
import { knexStoreStatements } from "./store-statements";

const brands = linkTableOf(productBrand);
const tags = linkTableOf(productTag);
const orders = linkTableOf(orderCustomer);

/**
 * The knex store's own behaviour on one backend: writes are checked through
 * raw rows as well as through `listLinks`, and what it sends by
 * `knexStoreStatements`. Registers tests in the caller's describe.
 */
export function knexStoreBehaviour(getKnex: () => Knex): void {
  const fresh = storeInFreshSchema(getKnex);

  it("create stores each pair once with a prefixed ULID id, live and unstamped", async () => {
    await fresh.run((tx) =>
      tx.upsertLinks(tags, [
        { left: "p1", right: "t1", data: {} },
        { left: "p1", right: "t2", data: { note: "x" } },
      ]),
    );
    const rows = await fresh.rawRows(tags);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.id).toMatch(/^ptag_[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(row).toMatchObject({ deleted_at: null, deletion_id: null, deleted_from: null, cascaded: false, rank: 0, pinned: false });
    }
    const listed = await fresh.run((tx) => tx.listLinks(tags, {}));
    expect(listed.map((link) => [link.left, link.right, link.data.note])).toEqual([
      ["p1", "t1", null],
      ["p1", "t2", "x"],
    ]);
  });

  it("extra columns of every type come back with their types", async () => {
    const seen = new Date("2031-05-06T07:08:09.123Z");
    const data = { note: `a'b"c,{d}\\e`, rank: -7, views: "9007199254740993", score: 1.25, pinned: true, meta: { a: [1, "x", null] }, seen_at: seen };
    await fresh.run((tx) =>
      tx.upsertLinks(tags, [
        { left: "p1", right: "t1", data },
        { left: "p2", right: "t1", data: { meta: "just a string" } },
      ]),
    );
    const [first, second] = await fresh.run((tx) => tx.listLinks(tags, { right: ["t1"] }));
    expect(first?.data).toEqual(data);
    expect(first?.createdAt).toBeInstanceOf(Date);
    expect(second?.data).toEqual({ note: null, rank: 0, views: null, score: null, pinned: false, meta: "just a string", seen_at: null });
  });

  it("creating a dismissed pair again revives the same row and keeps its id", async () => {
    await fresh.run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    const [before] = await fresh.rawRows(brands);
    expect(await fresh.run((tx) => tx.dismissLinks(brands, [{ left: "p1", right: "b1" }]))).toBe(1);
    expect((await fresh.rawRows(brands))[0]?.deleted_at).toBeInstanceOf(Date);
    await fresh.run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    const rows = await fresh.rawRows(brands);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: before?.id, deleted_at: null });
  });

  it("creating an existing pair updates only the data columns given and bumps updatedAt", async () => {
    await fresh.run((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: { note: "keep", rank: 1 } }]));
    const [before] = await fresh.run((tx) => tx.listLinks(tags, {}));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await fresh.run((tx) =>
      tx.upsertLinks(tags, [
        { left: "p1", right: "t1", data: { rank: 5 } },
        { left: "p2", right: "t1", data: { note: "new" } },
      ]),
    );
    const [after, other] = await fresh.run((tx) => tx.listLinks(tags, {}));
    expect(after).toMatchObject({ id: before?.id, data: { note: "keep", rank: 5 } });
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    expect(other?.data).toMatchObject({ note: "new", rank: 0 });
  });

  it("a repeated pair within one call's rows is the caller's error: RemoteLink merges repeats before the store sees them", async () => {
    const repeated = [
      { left: "p1", right: "t1", data: { rank: 1 } },
      { left: "p1", right: "t1", data: { rank: 2 } },
    ];
    await expect(fresh.run((tx) => tx.upsertLinks(tags, repeated))).rejects.toMatchObject({ code: "STORE_FAILURE" });
    expect(await fresh.rawRows(tags)).toEqual([]);
  });

  it("a second live partner on a one side raises CardinalityError naming the key and id, and writes nothing", async () => {
    await fresh.run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    const failure = fresh.run((tx) =>
      tx.upsertLinks(brands, [
        { left: "p2", right: "b1", data: {} },
        { left: "p1", right: "b2", data: {} },
      ]),
    );
    await expect(failure).rejects.toBeInstanceOf(CardinalityError);
    await expect(failure).rejects.toMatchObject({ code: "CARDINALITY_VIOLATION", link: productBrand.label, key: "product_id", id: "p1" });
    expect((await fresh.rawRows(brands)).map((row) => row.brand_id)).toEqual(["b1"]);
  });

  it("one to one links refuse a second live partner on either side", async () => {
    await fresh.run((tx) => tx.upsertLinks(orders, [{ left: "o1", right: "c1", data: {} }]));
    await expect(fresh.run((tx) => tx.upsertLinks(orders, [{ left: "o2", right: "c1", data: {} }]))).rejects.toMatchObject({ key: "customer_id", id: "c1" });
    await expect(fresh.run((tx) => tx.upsertLinks(orders, [{ left: "o1", right: "c2", data: {} }]))).rejects.toMatchObject({ key: "order_id", id: "o1" });
  });

  it("a dismissed pair frees the one side for a new partner", async () => {
    await fresh.run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    await fresh.run(async (tx) => {
      await tx.dismissLinks(brands, [{ left: "p1", right: "b1" }]);
      await tx.upsertLinks(brands, [{ left: "p1", right: "b2", data: {} }]);
    });
    expect((await fresh.run((tx) => tx.listLinks(brands, { left: ["p1"] }))).map((link) => link.right)).toEqual(["b2"]);
  });

  it("dismiss removes only the given live pairs and counts them", async () => {
    await fresh.run((tx) =>
      tx.upsertLinks(tags, [
        { left: "p1", right: "t1", data: {} },
        { left: "p1", right: "t2", data: {} },
        { left: "p2", right: "t1", data: {} },
      ]),
    );
    const count = await fresh.run((tx) =>
      tx.dismissLinks(tags, [
        { left: "p1", right: "t1" },
        { left: "p2", right: "t1" },
        { left: "p9", right: "t9" },
      ]),
    );
    expect(count).toBe(2);
    expect(await fresh.run((tx) => tx.dismissLinks(tags, [{ left: "p1", right: "t1" }]))).toBe(0);
    const rows = await fresh.rawRows(tags);
    expect(rows.filter((row) => row.deleted_at !== null).map((row) => [row.product_id, row.tag_id, row.deletion_id])).toEqual([
      ["p1", "t1", null],
      ["p2", "t1", null],
    ]);
  });

  it("dismissAllBut dismisses the anchors' other live links and keeps the listed pairs", async () => {
    await fresh.run((tx) =>
      tx.upsertLinks(tags, [
        { left: "p1", right: "t1", data: {} },
        { left: "p1", right: "t2", data: {} },
        { left: "p1", right: "t3", data: {} },
        { left: "p2", right: "t1", data: {} },
      ]),
    );
    expect(await fresh.run((tx) => tx.dismissAllBut(tags, "left", ["p1"], [{ left: "p1", right: "t2" }]))).toBe(2);
    expect(await fresh.run((tx) => tx.dismissAllBut(tags, "right", ["t1"], []))).toBe(1);
    const live = await fresh.run((tx) => tx.listLinks(tags, {}));
    expect(live.map((link) => [link.left, link.right])).toEqual([["p1", "t2"]]);
  });

  it("listLinks filters by left, right and pairs, live only unless withDeleted", async () => {
    await fresh.run((tx) =>
      tx.upsertLinks(tags, [
        { left: "p1", right: "t1", data: {} },
        { left: "p1", right: "t2", data: {} },
        { left: "p2", right: "t1", data: {} },
      ]),
    );
    await fresh.run((tx) => tx.dismissLinks(tags, [{ left: "p1", right: "t2" }]));
    const pairs = async (filter: Parameters<LinkStoreTransaction["listLinks"]>[1]) =>
      (await fresh.run((tx) => tx.listLinks(tags, filter))).map((link) => `${link.left}>${link.right}`).sort();
    expect(await pairs({ left: ["p1"] })).toEqual(["p1>t1"]);
    expect(await pairs({ left: ["p1"], withDeleted: true })).toEqual(["p1>t1", "p1>t2"]);
    expect(await pairs({ right: ["t1"] })).toEqual(["p1>t1", "p2>t1"]);
    expect(await pairs({ left: ["p2"], right: ["t1", "t2"] })).toEqual(["p2>t1"]);
    expect(
      await pairs({
        pairs: [
          { left: "p1", right: "t2" },
          { left: "p2", right: "t1" },
        ],
        withDeleted: true,
      }),
    ).toEqual(["p1>t2", "p2>t1"]);
    expect(await pairs({ left: [] })).toEqual([]);
    const all = await fresh.run((tx) => tx.listLinks(tags, { withDeleted: true }));
    expect(all.map((link) => link.id)).toEqual([...all.map((link) => link.id)].sort());
    expect(all.find((link) => link.right === "t2")?.deletedAt).toBeInstanceOf(Date);
  });

  it("listRows gives exactly what list() makes of listLinks: extra columns of every type, deleted rows, filters, order", async () => {
    const data = { note: "n", rank: 3, views: "9007199254740993", score: 0.5, pinned: true, meta: { a: [1] }, seen_at: new Date("2031-05-06T07:08:09.123Z") };
    await fresh.run((tx) =>
      tx.upsertLinks(tags, [
        { left: "p1", right: "t1", data },
        { left: "p2", right: "t1", data: {} },
        { left: "p1", right: "t2", data: {} },
      ]),
    );
    await fresh.run((tx) => tx.dismissLinks(tags, [{ left: "p1", right: "t2" }]));
    const filters = [
      { withDeleted: true },
      { left: ["p1"] },
      { right: ["t1"], limit: 1 },
      { pairs: [{ left: "p1", right: "t2" }], withDeleted: true },
      { left: [] },
    ];
    for (const filter of filters) {
      const [rows, links] = await fresh.run(async (tx) => [await (tx.listRows?.(tags, filter) ?? []), await tx.listLinks(tags, filter)] as const);
      expect(rows, JSON.stringify(filter)).toStrictEqual(links.map(asListed));
    }
    const [withData] = await fresh.run(async (tx) => (await tx.listRows?.(tags, { left: ["p1"], right: ["t1"] })) ?? []);
    expect(withData).toMatchObject({ ...data, product_id: "p1", tag_id: "t1", deleted_at: null });
  });

  knexStoreCascadeBehaviour(fresh);

  it("a failure later in the unit rolls back links written earlier in it", async () => {
    const failure = fresh.run(async (tx) => {
      await tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }]);
      throw new Error("host failed");
    });
    await expect(failure).rejects.toThrow("host failed");
    expect(await fresh.rawRows(tags)).toEqual([]);
  });

  it("handle is the knex transaction: host writes through it commit or roll back with the links", async () => {
    const knex = getKnex();
    await knex.raw(`create table "${fresh.schema}".host_rows (id text primary key)`);
    await expect(
      fresh.store.transaction(async (tx) => {
        await (tx.handle as Knex.Transaction).raw(`insert into "${fresh.schema}".host_rows values ('h1')`);
        await tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }]);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect((await knex.raw(`select count(*)::int as n from "${fresh.schema}".host_rows`)).rows[0].n).toBe(0);
    expect(await fresh.rawRows(tags)).toEqual([]);
  });

  it("inside a host transaction, links commit and roll back with the host", async () => {
    const knex = getKnex();
    await knex.raw(`create table "${fresh.schema}".host_rows (id text primary key)`);
    await expect(
      knex.transaction(async (trx) => {
        await trx.raw(`insert into "${fresh.schema}".host_rows values ('h1')`);
        await fresh.store.transaction((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }]), { outer: trx });
        throw new Error("host rolls back");
      }),
    ).rejects.toThrow("host rolls back");
    expect(await fresh.rawRows(tags)).toEqual([]);
    await knex.transaction(async (trx) => {
      await trx.raw(`insert into "${fresh.schema}".host_rows values ('h2')`);
      await fresh.store.transaction((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }]), { outer: trx });
    });
    expect(await fresh.rawRows(tags)).toHaveLength(1);
  });

  it("a store failure inside a host transaction undoes only the store's part and leaves the host transaction usable", async () => {
    const knex = getKnex();
    await knex.raw(`create table "${fresh.schema}".host_rows (id text primary key)`);
    await fresh.run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    await knex.transaction(async (trx) => {
      await trx.raw(`insert into "${fresh.schema}".host_rows values ('h1')`);
      const failed = fresh.store.transaction(
        async (tx) => {
          await tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: {} }]);
          await tx.upsertLinks(brands, [{ left: "p1", right: "b2", data: {} }]);
        },
        { outer: trx },
      );
      await expect(failed).rejects.toBeInstanceOf(CardinalityError);
      await trx.raw(`insert into "${fresh.schema}".host_rows values ('h2')`);
    });
    expect((await knex.raw(`select id from "${fresh.schema}".host_rows order by id`)).rows.map((row: { id: string }) => row.id)).toEqual(["h1", "h2"]);
    expect(await fresh.rawRows(tags)).toEqual([]);
  });

  it("a host transaction that is not a knex transaction is the caller's mistake, INVALID_INPUT with a clear message", async () => {
    await expect(fresh.store.transaction(async () => 1, { outer: {} })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("knex transaction"),
    });
  });

  it("close leaves an injected knex open", async () => {
    await fresh.store.close();
    expect((await getKnex().raw("select 1 as one")).rows[0].one).toBe(1);
  });

  knexStoreStatements(getKnex);
}
