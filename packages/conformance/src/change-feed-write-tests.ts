import { type AnyLinkDefinition, CardinalityError, CascadeError, type ChangeOperation, MAX_CHANGES_PER_READ } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { byRowId, changesAfter, feedEnd, positionsAfter } from "./change-feed-reader";
import { customNote, productBrand, productCustom, productTag } from "./fixtures";
import { cn, pb, pc, pt } from "./inputs";
import type { SuiteContext } from "./suite-context";

interface ExpectedChange {
  readonly operation: ChangeOperation;
  readonly link: AnyLinkDefinition;
  /** The row's id, as list() gives it. */
  readonly id: string | undefined;
  readonly keys: Readonly<Record<string, string>>;
  /** Omitted: null. */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A whole change as `changes()` must return it, but for its position, which tests check on their own. */
function change(expected: ExpectedChange) {
  return { position: expect.any(String), deletionId: null, at: expect.any(Date), ...expected, data: expected.data ?? null, link: expected.link.table };
}

/** What each write records, and that a failed call records nothing. */
export function changeFeedWriteTests(ctx: SuiteContext): void {
  const rowId = async (pair: Parameters<SuiteContext["remoteLink"]["list"]>[0]) => (await ctx.remoteLink.list(pair, { withDeleted: true }))[0]?.id;

  describe("change feed: what writes record", () => {
    it("create records created per new row: its id, its keys as list() has them, every extra column, defaults included; positions follow on", async () => {
      const [p, c, t1, t2, b] = [ctx.id("prod"), ctx.id("cust"), ctx.id("tag"), ctx.id("tag"), ctx.id("brand")];
      const mark = await feedEnd(ctx.remoteLink);
      await ctx.remoteLink.create([{ ...pc(p, c), data: { label: "new", position: 2 } }, pt(p, t1), pt(p, t2), pb(p, b)]);
      const page = await ctx.remoteLink.changes({ after: mark, limit: MAX_CHANGES_PER_READ });
      expect(page.changes.map((row) => row.position)).toEqual(positionsAfter(mark, 4));
      expect(page.cursor).toBe(page.changes.at(-1)?.position);
      const customData = { metadata: null, position: 2, label: "new", ratio: -0, seen_at: null };
      expect(byRowId(page.changes)).toEqual(
        byRowId([
          change({ operation: "created", link: productCustom, id: await rowId(pc(p, c)), keys: { product_id: p, my_custom_id: c }, data: customData }),
          change({ operation: "created", link: productTag, id: await rowId(pt(p, t1)), keys: { product_id: p, tag_id: t1 }, data: {} }),
          change({ operation: "created", link: productTag, id: await rowId(pt(p, t2)), keys: { product_id: p, tag_id: t2 }, data: {} }),
          change({ operation: "created", link: productBrand, id: await rowId(pb(p, b)), keys: { product_id: p, brand_id: b }, data: {} }),
        ]),
      );
      const custom = page.changes.find((row) => row.link === productCustom.table);
      expect(Object.is(custom?.data?.ratio, -0)).toBe(true);
    });

    it("create of a live pair records updated with only the columns it gave, and nothing when it gave none", async () => {
      const [p, c, t] = [ctx.id("prod"), ctx.id("cust"), ctx.id("tag")];
      await ctx.remoteLink.create([{ ...pc(p, c), data: { label: "first" } }, pt(p, t)]);
      const mark = await feedEnd(ctx.remoteLink);
      await ctx.remoteLink.create({ ...pc(p, c), data: { position: 3, label: undefined } });
      await ctx.remoteLink.create([pc(p, c), pt(p, t)]);
      await ctx.remoteLink.create({ ...pc(p, c), data: {} });
      expect(await changesAfter(ctx.remoteLink, mark)).toEqual([
        change({ operation: "updated", link: productCustom, id: await rowId(pc(p, c)), keys: { product_id: p, my_custom_id: c }, data: { position: 3 } }),
      ]);
    });

    it("dismiss records dismissed; creating the pair again records revived with only the columns given", async () => {
      const [p, c, t] = [ctx.id("prod"), ctx.id("cust"), ctx.id("tag")];
      await ctx.remoteLink.create([{ ...pc(p, c), data: { label: "kept", position: 5 } }, pt(p, t)]);
      const [customId, tagId] = [await rowId(pc(p, c)), await rowId(pt(p, t))];
      const mark = await feedEnd(ctx.remoteLink);
      await ctx.remoteLink.dismiss([pc(p, c), pt(p, t)]);
      await ctx.remoteLink.dismiss(pt(p, t));
      await ctx.remoteLink.create([{ ...pc(p, c), data: { label: "back" } }, pt(p, t)]);
      const changes = await changesAfter(ctx.remoteLink, mark);
      expect(changes.map((row) => row.position)).toEqual(positionsAfter(mark, 4));
      expect(byRowId(changes.slice(0, 2))).toEqual(
        byRowId([
          change({ operation: "dismissed", link: productCustom, id: customId, keys: { product_id: p, my_custom_id: c } }),
          change({ operation: "dismissed", link: productTag, id: tagId, keys: { product_id: p, tag_id: t } }),
        ]),
      );
      expect(byRowId(changes.slice(2))).toEqual(
        byRowId([
          change({ operation: "revived", link: productCustom, id: customId, keys: { product_id: p, my_custom_id: c }, data: { label: "back" } }),
          change({ operation: "revived", link: productTag, id: tagId, keys: { product_id: p, tag_id: t }, data: {} }),
        ]),
      );
    });

    it("create and dismiss with returnLinks record exactly what they record without it, each outcome as its change", async () => {
      const [p, c, t1, t2, t3] = [ctx.id("prod"), ctx.id("cust"), ctx.id("tag"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([{ ...pc(p, c), data: { label: "first" } }, pt(p, t1), pt(p, t2)]);
      await ctx.remoteLink.dismiss(pt(p, t2));
      const mark = await feedEnd(ctx.remoteLink);
      const written = await ctx.remoteLink.create([{ ...pc(p, c), data: { position: 9 } }, pt(p, t1), pt(p, t2), pt(p, t3)], { returnLinks: true });
      const { links } = await ctx.remoteLink.dismiss(pt(p, t3), { returnLinks: true });
      const [customId, t1Id, t2Id, t3Id] = written.map((entry) => entry.row.id);
      expect(links.map((entry) => entry.row.id)).toEqual([t3Id]);
      expect(t1Id).toBe(await rowId(pt(p, t1)));
      const changes = await changesAfter(ctx.remoteLink, mark);
      expect(byRowId(changes.slice(0, 3))).toEqual(
        byRowId([
          change({ operation: "updated", link: productCustom, id: customId, keys: { product_id: p, my_custom_id: c }, data: { position: 9 } }),
          change({ operation: "revived", link: productTag, id: t2Id, keys: { product_id: p, tag_id: t2 }, data: {} }),
          change({ operation: "created", link: productTag, id: t3Id, keys: { product_id: p, tag_id: t3 }, data: {} }),
        ]),
      );
      expect(changes.slice(3)).toEqual([change({ operation: "dismissed", link: productTag, id: t3Id, keys: { product_id: p, tag_id: t3 } })]);
    });

    it("replace records dismissed for the partners it drops and created for the new ones, nothing for those it keeps", async () => {
      const [p, t1, t2, t3] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([pt(p, t1), pt(p, t2)]);
      const mark = await feedEnd(ctx.remoteLink);
      await ctx.remoteLink.replace({ product: { product_id: p }, tag: { tag_id: [t2, t3] } });
      expect(byRowId(await changesAfter(ctx.remoteLink, mark))).toEqual(
        byRowId([
          change({ operation: "dismissed", link: productTag, id: await rowId(pt(p, t1)), keys: { product_id: p, tag_id: t1 } }),
          change({ operation: "created", link: productTag, id: await rowId(pt(p, t3)), keys: { product_id: p, tag_id: t3 }, data: {} }),
        ]),
      );
    });

    it("a cascade delete records deleted for every row it soft-deleted, with the deletion id the rows carry; restore records restored with it", async () => {
      const [p, b, c, n, unknown, t] = [ctx.id("prod"), ctx.id("brand"), ctx.id("cust"), ctx.id("note"), ctx.id("note"), ctx.id("tag")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      // The notes module does not know `unknown`: its row is deleted but not marked as having deleted its partner.
      ctx.modules.notes.seed("note", [n]);
      await ctx.remoteLink.create([pb(p, b), pc(p, c), pt(p, t), cn(c, n), cn(c, unknown)]);
      const mark = await feedEnd(ctx.remoteLink);
      await ctx.remoteLink.delete({ product: { product_id: p } });
      const stored: Array<{ link: AnyLinkDefinition; id: string; deletionId: string | null }> = [];
      for (const link of [productBrand, productCustom, productTag, customNote]) {
        for (const row of await ctx.rows(link, [p, c])) stored.push({ link, id: row.id, deletionId: row.deletionId });
      }
      const deletionId = stored[0]?.deletionId;
      expect(deletionId).toEqual(expect.any(String));
      expect(stored.map((row) => row.deletionId)).toEqual(Array.from({ length: 5 }, () => deletionId));
      const deleted = await changesAfter(ctx.remoteLink, mark);
      const expected = (operation: "deleted" | "restored") => stored.map((row) => ({ ...row, operation, link: row.link.table, data: null, deletionId }));
      expect(deleted.map((row) => row.position)).toEqual(positionsAfter(mark, 5));
      expect(byRowId(deleted)).toMatchObject(byRowId(expected("deleted")));

      const restoreMark = await feedEnd(ctx.remoteLink);
      await ctx.remoteLink.restore({ product: { product_id: p } });
      const restored = await changesAfter(ctx.remoteLink, restoreMark);
      expect(restored.map((row) => row.position)).toEqual(positionsAfter(restoreMark, 5));
      expect(byRowId(restored)).toMatchObject(byRowId(expected("restored")));
    });

    it("a call that fails records nothing, and the next change takes the next position", async () => {
      const [p, b1, b2, t1, t2] = [ctx.id("prod"), ctx.id("brand"), ctx.id("brand"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create(pb(p, b1));
      const mark = await feedEnd(ctx.remoteLink);
      // The product's one brand is taken: the tag written first goes with the failed call.
      await expect(ctx.remoteLink.create([pt(p, t1), pb(p, b2)])).rejects.toBeInstanceOf(CardinalityError);
      expect(await changesAfter(ctx.remoteLink, mark)).toEqual([]);
      await ctx.remoteLink.create(pt(p, t2));
      expect(await changesAfter(ctx.remoteLink, mark)).toEqual([
        {
          ...change({ operation: "created", link: productTag, id: await rowId(pt(p, t2)), keys: { product_id: p, tag_id: t2 }, data: {} }),
          position: positionsAfter(mark, 1)[0],
        },
      ]);
    });

    it("a cascade whose module throws, on delete or on restore, records nothing", async () => {
      const [p, c, n, t] = [ctx.id("prod"), ctx.id("cust"), ctx.id("note"), ctx.id("tag")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      ctx.modules.notes.seed("note", [n]);
      await ctx.remoteLink.create([pc(p, c), cn(c, n), pt(p, t)]);
      const mark = await feedEnd(ctx.remoteLink);
      ctx.modules.notes.injectFault({ operation: "delete", onCall: 1 });
      await expect(ctx.remoteLink.delete({ product: { product_id: p } })).rejects.toBeInstanceOf(CascadeError);
      expect(await changesAfter(ctx.remoteLink, mark)).toEqual([]);

      ctx.modules.notes.injectFault(undefined);
      await ctx.remoteLink.delete({ product: { product_id: p } });
      const restoreMark = await feedEnd(ctx.remoteLink);
      ctx.modules.notes.injectFault({ operation: "restore", onCall: 1 });
      await expect(ctx.remoteLink.restore({ product: { product_id: p } })).rejects.toBeInstanceOf(CascadeError);
      expect(await changesAfter(ctx.remoteLink, restoreMark)).toEqual([]);
    });
  });
}
