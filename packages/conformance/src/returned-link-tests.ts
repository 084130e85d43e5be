import { CREATE_SLICE, CardinalityError, LinkError, type LinkRow } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { productBrand, productCustom, productTag } from "./fixtures";
import { pb, pc, pt } from "./inputs";
import type { SuiteContext } from "./suite-context";

/**
 * `create` and `dismiss` with `returnLinks`. The oracle is `list()`: each
 * returned row must be the row `list({ withDeleted: true })` reads after
 * the call, and each outcome what the pair's state before the call says.
 */
export function returnedLinkTests(ctx: SuiteContext): void {
  const listed = async (pair: Parameters<SuiteContext["remoteLink"]["list"]>[0]): Promise<LinkRow> => {
    const rows = await ctx.remoteLink.list(pair, { withDeleted: true });
    expect(rows).toHaveLength(1);
    return rows[0] as LinkRow;
  };

  describe("create and dismiss returning links", () => {
    it("create tells created, revived, updated and unchanged apart and returns each row as list() reads it after the call", async () => {
      const [p, c, b, t1, t2, t3] = [ctx.id("prod"), ctx.id("cust"), ctx.id("brand"), ctx.id("tag"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([{ ...pc(p, c), data: { label: "first" } }, pt(p, t1), pt(p, t2)]);
      await ctx.remoteLink.dismiss(pt(p, t2));
      const written = await ctx.remoteLink.create([{ ...pc(p, c), data: { position: 7 } }, pt(p, t1), pt(p, t2), pt(p, t3), pb(p, b)], { returnLinks: true });
      expect(written.map(({ link, outcome }) => [link, outcome])).toEqual([
        [productCustom.table, "updated"],
        [productTag.table, "unchanged"],
        [productTag.table, "revived"],
        [productTag.table, "created"],
        [productBrand.table, "created"],
      ]);
      const pairs = [pc(p, c), pt(p, t1), pt(p, t2), pt(p, t3), pb(p, b)];
      for (const [at, pair] of pairs.entries()) expect(written[at]?.row).toEqual(await listed(pair));
      expect(written[0]?.row).toMatchObject({ product_id: p, my_custom_id: c, label: "first", position: 7, deleted_at: null });
      expect(written[2]?.row.deleted_at).toBeNull();
    });

    it("a new row comes back with every extra column, defaults included, in the types list() gives", async () => {
      const [p, c] = [ctx.id("prod"), ctx.id("cust")];
      const [only] = await ctx.remoteLink.create({ ...pc(p, c), data: { metadata: { a: [1] } } }, { returnLinks: true });
      expect(only?.outcome).toBe("created");
      expect(only?.row).toEqual({
        id: expect.any(String),
        product_id: p,
        my_custom_id: c,
        metadata: { a: [1] },
        position: 0,
        label: null,
        ratio: -0,
        seen_at: null,
        created_at: expect.any(Date),
        updated_at: expect.any(Date),
        deleted_at: null,
      });
      expect(Object.is(only?.row.ratio, -0)).toBe(true);
      expect(only?.row).toEqual(await listed(pc(p, c)));
    });

    it("a pair given twice comes back once, with its merged data", async () => {
      const [p, c, t] = [ctx.id("prod"), ctx.id("cust"), ctx.id("tag")];
      const written = await ctx.remoteLink.create([{ ...pc(p, c), data: { label: "a" } }, pt(p, t), { ...pc(p, c), data: { position: 4 } }, pt(p, t)], {
        returnLinks: true,
      });
      expect(written.map((entry) => [entry.link, entry.outcome])).toEqual([
        [productCustom.table, "created"],
        [productTag.table, "created"],
      ]);
      expect(written[0]?.row).toMatchObject({ label: "a", position: 4 });
    });

    it("a live pair created again without data comes back unchanged, updated_at included", async () => {
      const [p, t] = [ctx.id("prod"), ctx.id("tag")];
      const [first] = await ctx.remoteLink.create(pt(p, t), { returnLinks: true });
      const [again] = await ctx.remoteLink.create([pt(p, t)], { returnLinks: true });
      expect(again?.outcome).toBe("unchanged");
      expect(again?.row).toEqual(first?.row);
    });

    it("a create breaking cardinality with returnLinks fails with CardinalityError and writes nothing", async () => {
      const [p, b1, b2, t] = [ctx.id("prod"), ctx.id("brand"), ctx.id("brand"), ctx.id("tag")];
      await ctx.remoteLink.create(pb(p, b1));
      await expect(ctx.remoteLink.create([pt(p, t), pb(p, b2)], { returnLinks: true })).rejects.toBeInstanceOf(CardinalityError);
      expect(await ctx.remoteLink.list({ product: { product_id: p } })).toEqual([await listed(pb(p, b1))]);
    });

    it("returnLinks refuses a stream, an array over CREATE_SLICE and a value that is not a boolean, with INVALID_INPUT and nothing written", async () => {
      const [p, t] = [ctx.id("prod"), ctx.id("tag")];
      function* stream() {
        yield pt(p, t);
      }
      // A flag known at run time only: the compiler refuses a stream with a literal `true`.
      const atRunTime: { returnLinks: boolean } = { returnLinks: true };
      const refused = [
        ctx.remoteLink.create(stream(), atRunTime),
        ctx.remoteLink.create(
          Array.from({ length: CREATE_SLICE + 1 }, () => pt(p, t)),
          { returnLinks: true },
        ),
        ctx.remoteLink.create(pt(p, t), { returnLinks: "yes" } as unknown as { returnLinks: boolean }),
        ctx.remoteLink.dismiss(pt(p, t), { returnLinks: 1 } as never),
      ];
      for (const call of refused) {
        const error = await call.then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(LinkError);
        expect((error as LinkError).code).toBe("INVALID_INPUT");
        expect((error as LinkError).message).toMatch(/returnLinks/);
      }
      expect(await ctx.remoteLink.list({ product: { product_id: p } }, { withDeleted: true })).toEqual([]);
    });

    it("dismiss returns the rows it dismissed, as list() reads them after, and leaves out pairs it did not dismiss", async () => {
      const [p, c, t1, t2, t3] = [ctx.id("prod"), ctx.id("cust"), ctx.id("tag"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([{ ...pc(p, c), data: { label: "x" } }, pt(p, t1), pt(p, t2)]);
      await ctx.remoteLink.dismiss(pt(p, t2));
      const result = await ctx.remoteLink.dismiss([pt(p, t2), pt(p, t3), pc(p, c), pt(p, t1), pt(p, t1)], { returnLinks: true });
      expect(result.dismissed).toBe(2);
      expect(result.links.map((entry) => entry.link)).toEqual([productTag.table, productCustom.table]);
      expect(result.links[0]?.row).toEqual(await listed(pt(p, t1)));
      expect(result.links[1]?.row).toEqual(await listed(pc(p, c)));
      expect(result.links[1]?.row).toMatchObject({ label: "x", deleted_at: expect.any(Date) });
      expect(await ctx.remoteLink.dismiss(pt(p, t1), { returnLinks: true })).toEqual({ dismissed: 0, links: [] });
    });

    it("without returnLinks, create returns nothing and dismiss only its count", async () => {
      const [p, t] = [ctx.id("prod"), ctx.id("tag")];
      expect(await ctx.remoteLink.create(pt(p, t), { returnLinks: false })).toBeUndefined();
      expect(await ctx.remoteLink.dismiss(pt(p, t))).toEqual({ dismissed: 1 });
    });
  });
}
