import { linkTableOf } from "@modlink/core";
import { expect, it } from "vitest";
import { productBrand, productTag } from "./fixtures";
import type { FreshStore } from "./store-in-fresh-schema";

const brands = linkTableOf(productBrand);
const tags = linkTableOf(productTag);
const stamp = (deletionId: string) => ({ deletionId, at: new Date("2030-01-02T03:04:05.000Z") });

/**
 * The store's cascade operations on one backend (soft delete stamped with a
 * deletion, restore of exactly what one deletion removed, live-link checks),
 * checked through raw rows. Registers tests in the caller's describe.
 */
export function knexStoreCascadeBehaviour(fresh: FreshStore): void {
  it("a cascade soft-delete is stamped, and restore revives exactly it, never dismissed rows", async () => {
    await fresh.run((tx) =>
      tx.upsertLinks(tags, [
        { left: "p1", right: "t1", data: {} },
        { left: "p1", right: "t2", data: {} },
        { left: "p1", right: "t3", data: {} },
      ]),
    );
    await fresh.run((tx) => tx.dismissLinks(tags, [{ left: "p1", right: "t3" }]));
    const deleted = await fresh.run(async (tx) => {
      const result = await tx.softDeleteLinks(tags, "left", ["p1"], stamp("del_1"), { cascade: true });
      // Another deletion's rows and other partners keep their mark.
      await tx.unmarkCascaded(tags, "left", ["p1"], "del_1", ["t1", "t9"]);
      return result;
    });
    expect(deleted.count).toBe(2);
    expect(deleted.pairs.map((pair) => pair.right).sort()).toEqual(["t1", "t2"]);
    const stamped = (await fresh.rawRows(tags)).filter((row) => row.deletion_id === "del_1");
    expect(stamped.map((row) => [row.tag_id, row.deleted_from, row.cascaded, (row.deleted_at as Date).toISOString()]).sort()).toEqual([
      ["t1", "left", false, "2030-01-02T03:04:05.000Z"],
      ["t2", "left", true, "2030-01-02T03:04:05.000Z"],
    ]);
    expect(await fresh.run((tx) => tx.restoreLinks(tags, "right", [{ id: "t1", deletionId: null }]))).toEqual({ count: 0, cascaded: [] });
    expect(await fresh.run((tx) => tx.restoreLinks(tags, "left", [{ id: "p1", deletionId: "del_other" }]))).toEqual({ count: 0, cascaded: [] });
    // Both rows are revived; only t2's was marked: its record was deleted by the same deletion.
    expect(await fresh.run((tx) => tx.restoreLinks(tags, "left", [{ id: "p1", deletionId: "del_1" }]))).toEqual({
      count: 2,
      cascaded: [{ left: "p1", right: "t2", deletionId: "del_1" }],
    });
    const live = await fresh.run((tx) => tx.listLinks(tags, {}));
    expect(live.map((link) => link.right)).toEqual(expect.arrayContaining(["t1", "t2"]));
    expect(live.map((link) => link.right)).not.toContain("t3");
    expect((await fresh.rawRows(tags)).filter((row) => row.deleted_at === null).every((row) => row.deletion_id === null && row.cascaded === false)).toBe(true);
  });

  it("restore with any deletion revives rows of every cascade from that side", async () => {
    await fresh.run((tx) =>
      tx.upsertLinks(tags, [
        { left: "p1", right: "t1", data: {} },
        { left: "p2", right: "t1", data: {} },
      ]),
    );
    expect(await fresh.run((tx) => tx.softDeleteLinks(tags, "left", ["p1"], stamp("del_a"), { cascade: false }))).toEqual({ count: 1, pairs: [] });
    await fresh.run((tx) => tx.softDeleteLinks(tags, "left", ["p2"], stamp("del_b"), { cascade: false }));
    expect(
      await fresh.run((tx) =>
        tx.restoreLinks(tags, "left", [
          { id: "p1", deletionId: null },
          { id: "p2", deletionId: null },
        ]),
      ),
    ).toEqual({ count: 2, cascaded: [] });
    expect((await fresh.rawRows(tags)).map((row) => [row.product_id, row.deleted_at, row.deletion_id]).sort()).toEqual([
      ["p1", null, null],
      ["p2", null, null],
    ]);
  });

  it("restore targets of several deletions, or of any deletion beside one, revive exactly their own rows", async () => {
    await fresh.run((tx) =>
      tx.upsertLinks(
        tags,
        ["p1", "p2", "p3"].map((left) => ({ left, right: "t1", data: {} })),
      ),
    );
    for (const [left, deletion] of [
      ["p1", "del_a"],
      ["p2", "del_b"],
      ["p3", "del_c"],
    ] as const) {
      await fresh.run((tx) => tx.softDeleteLinks(tags, "left", [left], stamp(deletion), { cascade: true }));
    }
    const live = async () =>
      (await fresh.rawRows(tags))
        .filter((row) => row.deleted_at === null)
        .map((row) => row.product_id)
        .sort();
    // p1 within its own deletion, p2 within another one (nothing), p3 within any deletion.
    expect(
      await fresh.run((tx) =>
        tx.restoreLinks(tags, "left", [
          { id: "p1", deletionId: "del_a" },
          { id: "p2", deletionId: "del_a" },
          { id: "p3", deletionId: null },
        ]),
      ),
    ).toEqual({
      count: 2,
      cascaded: expect.arrayContaining([
        { left: "p1", right: "t1", deletionId: "del_a" },
        { left: "p3", right: "t1", deletionId: "del_c" },
      ]),
    });
    expect(await live()).toEqual(["p1", "p3"]);
    // Several deletions, none "any": each target within its own.
    await fresh.run((tx) => tx.softDeleteLinks(tags, "left", ["p1"], stamp("del_d"), { cascade: false }));
    expect(
      await fresh.run((tx) =>
        tx.restoreLinks(tags, "left", [
          { id: "p1", deletionId: "del_d" },
          { id: "p2", deletionId: "del_b" },
          { id: "p3", deletionId: "del_c" },
        ]),
      ),
    ).toEqual({
      count: 2,
      cascaded: [{ left: "p2", right: "t1", deletionId: "del_b" }],
    });
    expect(await live()).toEqual(["p1", "p2", "p3"]);
  });

  it("restoring a link whose one side has a newer live partner raises CardinalityError", async () => {
    await fresh.run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b1", data: {} }]));
    await fresh.run((tx) => tx.softDeleteLinks(brands, "right", ["b1"], stamp("del_1"), { cascade: false }));
    await fresh.run((tx) => tx.upsertLinks(brands, [{ left: "p1", right: "b2", data: {} }]));
    await expect(fresh.run((tx) => tx.restoreLinks(brands, "right", [{ id: "b1", deletionId: "del_1" }]))).rejects.toMatchObject({
      code: "CARDINALITY_VIOLATION",
      key: "product_id",
      id: "p1",
    });
  });

  it("idsWithLiveLinks returns the ids that still have a live row on that side", async () => {
    await fresh.run((tx) =>
      tx.upsertLinks(tags, [
        { left: "p1", right: "t1", data: {} },
        { left: "p2", right: "t1", data: {} },
        { left: "p3", right: "t2", data: {} },
      ]),
    );
    await fresh.run((tx) => tx.dismissLinks(tags, [{ left: "p3", right: "t2" }]));
    expect((await fresh.run((tx) => tx.idsWithLiveLinks(tags, "left", ["p1", "p3", "p9"]))).sort()).toEqual(["p1"]);
    expect((await fresh.run((tx) => tx.idsWithLiveLinks(tags, "right", ["t1", "t2"]))).sort()).toEqual(["t1"]);
  });
}
