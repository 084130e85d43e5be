import { CardinalityError } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { productBrand, productTag } from "./fixtures";
import { pb, pc, pt, live } from "./inputs";
import type { SuiteContext } from "./suite-context";

export function listTests(ctx: SuiteContext): void {
  describe("list", () => {
    it("lists by the left side", async () => {
      const [p, t1, t2] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([pt(p, t1), pt(p, t2)]);
      const rows = await ctx.remoteLink.list({ product: { product_id: p }, tag: {} });
      expect(rows.map((r) => r.tag_id).sort()).toEqual([t1, t2].sort());
      expect(rows[0]).toMatchObject({ product_id: p, deleted_at: null });
      expect(rows[0]?.created_at).toBeInstanceOf(Date);
    });

    it("lists by the right side", async () => {
      const [p1, p2, b] = [ctx.id("prod"), ctx.id("prod"), ctx.id("brand")];
      await ctx.remoteLink.create([pb(p1, b), pb(p2, b)]);
      const rows = await ctx.remoteLink.list({ brand: { brand_id: b }, product: {} });
      expect(rows.map((r) => r.product_id).sort()).toEqual([p1, p2].sort());
    });

    it("lists by pairs", async () => {
      const [p, t1, t2] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([pt(p, t1), pt(p, t2)]);
      const rows = await ctx.remoteLink.list(pt(p, t2));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ product_id: p, tag_id: t2 });
    });

    it("one module alone lists every link of its records across link tables", async () => {
      const [p, b, t, c] = [ctx.id("prod"), ctx.id("brand"), ctx.id("tag"), ctx.id("cust")];
      await ctx.remoteLink.create([pb(p, b), pt(p, t), pc(p, c)]);
      const rows = await ctx.remoteLink.list({ product: { product_id: p } });
      expect(rows).toHaveLength(3);
    });

    it("asLinkDefinition returns the input shape, which dismiss accepts", async () => {
      const [p, c] = [ctx.id("prod"), ctx.id("cust")];
      await ctx.remoteLink.create({ ...pc(p, c), data: { label: "x" } });
      const links = await ctx.remoteLink.list(pc(p, c), { asLinkDefinition: true });
      expect(links).toEqual([{ ...pc(p, c), data: { metadata: null, position: 0, label: "x", ratio: -0, seen_at: null } }]);
      const [shape] = links;
      await ctx.remoteLink.dismiss({
        product: shape?.product as { product_id: string },
        helloModuleService: shape?.helloModuleService as { my_custom_id: string },
      });
      expect(await ctx.remoteLink.list(pc(p, c))).toHaveLength(0);
    });

    it("soft-deleted links are listed only when asked", async () => {
      const [p, t1, t2] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([pt(p, t1), pt(p, t2)]);
      await ctx.remoteLink.dismiss(pt(p, t1));
      expect(await ctx.remoteLink.list({ product: { product_id: p }, tag: {} })).toHaveLength(1);
      const all = await ctx.remoteLink.list({ product: { product_id: p }, tag: {} }, { withDeleted: true });
      expect(all).toHaveLength(2);
      expect(all.find((r) => r.tag_id === t1)?.deleted_at).toBeInstanceOf(Date);
    });

    it("lists the links of a thousand ids in one call", async () => {
      const products = ctx.ids("prod", 1000);
      const t = ctx.id("tag");
      await ctx.remoteLink.create(products.map((p) => pt(p, t)));
      const rows = await ctx.remoteLink.list({ product: { product_id: products }, tag: {} });
      expect(rows).toHaveLength(1000);
      const many = await ctx.remoteLink.list(products.slice(0, 10).map((p) => ({ product: { product_id: p }, tag: {} })));
      expect(many).toHaveLength(10);
    });
  });

  describe("replace", () => {
    it("makes a record's partners exactly the given set, keeping the ids of links that stay", async () => {
      const [p, t1, t2, t3] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([pt(p, t1), pt(p, t2)]);
      const kept = (await ctx.rows(productTag, [p])).find((r) => r.right === t2)?.id;
      expect(await ctx.remoteLink.replace({ product: { product_id: p }, tag: { tag_id: [t2, t3] } })).toEqual({ dismissed: 1 });
      const rows = live(await ctx.rows(productTag, [p]));
      expect(rows.map((r) => r.right).sort()).toEqual([t2, t3].sort());
      expect(rows.find((r) => r.right === t2)?.id).toBe(kept);
    });

    it("an empty set dismisses every partner", async () => {
      const [p, t1, t2] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([pt(p, t1), pt(p, t2)]);
      await ctx.remoteLink.replace({ product: { product_id: p }, tag: { tag_id: [] } });
      expect(live(await ctx.rows(productTag, [p]))).toHaveLength(0);
    });

    it("works from the right side: a brand's products become exactly the given ones", async () => {
      const [b, p1, p2, p3] = [ctx.id("brand"), ctx.id("prod"), ctx.id("prod"), ctx.id("prod")];
      await ctx.remoteLink.create([pb(p1, b), pb(p2, b)]);
      await ctx.remoteLink.replace({ product: { product_id: [p2, p3] }, brand: { brand_id: b } });
      expect(
        live(await ctx.rows(productBrand, [b]))
          .map((r) => r.left)
          .sort(),
      ).toEqual([p2, p3].sort());
    });

    it("moves a one-side record to a new partner in one call", async () => {
      const [p, b1, b2] = [ctx.id("prod"), ctx.id("brand"), ctx.id("brand")];
      await ctx.remoteLink.create(pb(p, b1));
      await ctx.remoteLink.replace({ product: { product_id: p }, brand: { brand_id: [b2] } });
      expect(live(await ctx.rows(productBrand, [p]))).toMatchObject([{ right: b2 }]);
    });

    it("a replace that breaks cardinality changes nothing", async () => {
      const [p, b1, b2, b3] = [ctx.id("prod"), ctx.id("brand"), ctx.id("brand"), ctx.id("brand")];
      await ctx.remoteLink.create(pb(p, b1));
      const before = await ctx.snapshot([p]);
      await expect(ctx.remoteLink.replace({ product: { product_id: p }, brand: { brand_id: [b2, b3] } })).rejects.toBeInstanceOf(CardinalityError);
      expect(await ctx.snapshot([p])).toEqual(before);
    });
  });

  describe("atomicity", () => {
    it("a failing pair anywhere in a create leaves every table untouched", async () => {
      const [p1, p2, t, c] = [ctx.id("prod"), ctx.id("prod"), ctx.id("tag"), ctx.id("cust")];
      const before = await ctx.snapshot([p1, p2, t, c]);
      await expect(ctx.remoteLink.create([pt(p1, t), pc(p1, c), pc(p2, c)])).rejects.toBeInstanceOf(CardinalityError);
      expect(await ctx.snapshot([p1, p2, t, c])).toEqual(before);
    });

    it("a failing create leaves existing links of other tables exactly as they were", async () => {
      const [p, b1, b2, t] = [ctx.id("prod"), ctx.id("brand"), ctx.id("brand"), ctx.id("tag")];
      await ctx.remoteLink.create([pb(p, b1), pt(p, t)]);
      await ctx.remoteLink.dismiss(pt(p, t));
      const before = await ctx.snapshot([p]);
      await expect(ctx.remoteLink.create([pt(p, t), pb(p, b2)])).rejects.toBeInstanceOf(CardinalityError);
      expect(await ctx.snapshot([p])).toEqual(before);
    });
  });
}
