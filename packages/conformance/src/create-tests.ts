import { CardinalityError, LinkError } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { featuredBrand, productBrand, productCustom, productTag } from "./fixtures";
import { featured, pb, pc, pt, live } from "./inputs";
import type { SuiteContext } from "./suite-context";

export function createTests(ctx: SuiteContext): void {
  describe("create", () => {
    it("links one pair and stores both ids under a prefixed id", async () => {
      const [p, b] = [ctx.id("prod"), ctx.id("brand")];
      await ctx.remoteLink.create(pb(p, b));
      const rows = await ctx.rows(productBrand, [p]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ left: p, right: b, deletedAt: null, deletionId: null, deletedFrom: null, cascaded: false });
      expect(rows[0]?.id).toMatch(/^link_[0-9A-HJKMNP-TV-Z]{26}$/);
    });

    it("links many pairs across several link tables in one call", async () => {
      const [p, b, t, c] = [ctx.id("prod"), ctx.id("brand"), ctx.id("tag"), ctx.id("cust")];
      await ctx.remoteLink.create([pb(p, b), pt(p, t), pc(p, c)]);
      expect(live(await ctx.rows(productBrand, [p]))).toHaveLength(1);
      expect(live(await ctx.rows(productTag, [p]))).toHaveLength(1);
      expect(live(await ctx.rows(productCustom, [p]))).toHaveLength(1);
    });

    it("sets extra columns from data and fills the others with their defaults", async () => {
      const [p, c] = [ctx.id("prod"), ctx.id("cust")];
      await ctx.remoteLink.create({ ...pc(p, c), data: { metadata: { color: "red", sizes: [1, 2] } } });
      const [row] = await ctx.rows(productCustom, [p]);
      expect(row?.data).toEqual({ metadata: { color: "red", sizes: [1, 2] }, position: 0, label: null, ratio: -0, seen_at: null });
      expect(row?.id).toMatch(/^pcust_/);
    });

    it("uses the named link when the input says `link`", async () => {
      const [p, b] = [ctx.id("prod"), ctx.id("brand")];
      await ctx.remoteLink.create(featured(p, b));
      expect(await ctx.rows(featuredBrand, [p])).toHaveLength(1);
      expect(await ctx.rows(productBrand, [p])).toHaveLength(0);
    });
  });

  describe("idempotence", () => {
    it("creating a live link again keeps its id and changes only data and updated_at", async () => {
      const [p, c] = [ctx.id("prod"), ctx.id("cust")];
      await ctx.remoteLink.create({ ...pc(p, c), data: { position: 1, label: "first" } });
      const [before] = await ctx.rows(productCustom, [p]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await ctx.remoteLink.create({ ...pc(p, c), data: { position: 2 } });
      const rows = await ctx.rows(productCustom, [p]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: before?.id, data: { position: 2, label: "first" }, deletedAt: null });
      expect(rows[0]?.createdAt.getTime()).toBe(before?.createdAt.getTime());
      expect(rows[0]?.updatedAt.getTime()).toBeGreaterThan(before?.updatedAt.getTime() ?? Infinity);
    });

    it("creating a live link again without data leaves its row as it was, updated_at too", async () => {
      const [p, c] = [ctx.id("prod"), ctx.id("cust")];
      await ctx.remoteLink.create({ ...pc(p, c), data: { position: 1, label: "first" } });
      const [before] = await ctx.rows(productCustom, [p]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await ctx.remoteLink.create(pc(p, c));
      expect(await ctx.rows(productCustom, [p])).toEqual([before]);
    });

    it("creating a dismissed link revives it under the same id", async () => {
      const [p, t] = [ctx.id("prod"), ctx.id("tag")];
      await ctx.remoteLink.create(pt(p, t));
      const [before] = await ctx.rows(productTag, [p]);
      await ctx.remoteLink.dismiss(pt(p, t));
      await ctx.remoteLink.create(pt(p, t));
      const rows = await ctx.rows(productTag, [p]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: before?.id, deletedAt: null });
    });

    it("the same pair twice in one call is one link and the later data wins", async () => {
      const [p, c] = [ctx.id("prod"), ctx.id("cust")];
      await ctx.remoteLink.create([
        { ...pc(p, c), data: { position: 1, label: "a" } },
        { ...pc(p, c), data: { position: 2 } },
      ]);
      const rows = await ctx.rows(productCustom, [p]);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.data).toMatchObject({ position: 2, label: "a" });
    });
  });

  describe("cardinality", () => {
    it("one-to-many: a second live brand for a product fails with CardinalityError and writes nothing", async () => {
      const [p, b1, b2] = [ctx.id("prod"), ctx.id("brand"), ctx.id("brand")];
      await ctx.remoteLink.create(pb(p, b1));
      const before = await ctx.snapshot([p, b1, b2]);
      const error = await ctx.remoteLink.create(pb(p, b2)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CardinalityError);
      expect(error).toMatchObject({ code: "CARDINALITY_VIOLATION", key: "product_id" });
      expect((error as Error).message).toContain("product_id");
      expect(await ctx.snapshot([p, b1, b2])).toEqual(before);
    });

    it("one-to-many: a brand links many products", async () => {
      const [b, ...ps] = [ctx.id("brand"), ...ctx.ids("prod", 3)];
      await ctx.remoteLink.create(ps.map((p) => pb(p, b)));
      expect(live(await ctx.rows(productBrand, [b]))).toHaveLength(3);
    });

    it("one-to-one: each side takes one live partner", async () => {
      const [p1, p2, c1, c2] = [ctx.id("prod"), ctx.id("prod"), ctx.id("cust"), ctx.id("cust")];
      await ctx.remoteLink.create(pc(p1, c1));
      await expect(ctx.remoteLink.create(pc(p1, c2))).rejects.toBeInstanceOf(CardinalityError);
      await expect(ctx.remoteLink.create(pc(p2, c1))).rejects.toMatchObject({ code: "CARDINALITY_VIOLATION", key: "my_custom_id" });
      expect(live(await ctx.rows(productCustom, [p1, p2, c1, c2]))).toHaveLength(1);
    });

    it("many-to-many: any pairs may coexist", async () => {
      const [p1, p2, t1, t2] = [ctx.id("prod"), ctx.id("prod"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([pt(p1, t1), pt(p1, t2), pt(p2, t1), pt(p2, t2)]);
      expect(live(await ctx.rows(productTag, [p1, p2]))).toHaveLength(4);
    });

    it("a dismissed link frees its side for a new partner", async () => {
      const [p, b1, b2] = [ctx.id("prod"), ctx.id("brand"), ctx.id("brand")];
      await ctx.remoteLink.create(pb(p, b1));
      await ctx.remoteLink.dismiss(pb(p, b1));
      await ctx.remoteLink.create(pb(p, b2));
      expect(live(await ctx.rows(productBrand, [p]))).toMatchObject([{ right: b2 }]);
    });

    it("reviving a dismissed link fails when its side has another live partner now", async () => {
      const [p, b1, b2] = [ctx.id("prod"), ctx.id("brand"), ctx.id("brand")];
      await ctx.remoteLink.create(pb(p, b1));
      await ctx.remoteLink.dismiss(pb(p, b1));
      await ctx.remoteLink.create(pb(p, b2));
      await expect(ctx.remoteLink.create(pb(p, b1))).rejects.toBeInstanceOf(CardinalityError);
      expect(live(await ctx.rows(productBrand, [p]))).toMatchObject([{ right: b2 }]);
    });

    it("two conflicting pairs in one call fail together", async () => {
      const [p, b1, b2] = [ctx.id("prod"), ctx.id("brand"), ctx.id("brand")];
      await expect(ctx.remoteLink.create([pb(p, b1), pb(p, b2)])).rejects.toBeInstanceOf(CardinalityError);
      expect(await ctx.rows(productBrand, [p])).toHaveLength(0);
    });

    it("concurrent creates giving one product different brands: exactly one wins", async () => {
      const p = ctx.id("prod");
      const brands = ctx.ids("brand", 8);
      const results = await Promise.allSettled(brands.map((b) => ctx.remoteLink.create(pb(p, b))));
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const failure of failures) expect(failure.reason).toBeInstanceOf(CardinalityError);
      expect(live(await ctx.rows(productBrand, [p]))).toHaveLength(1);
    });

    it("concurrent creates of the same pair leave one live row and no error", async () => {
      const [p, t] = [ctx.id("prod"), ctx.id("tag")];
      await Promise.all(Array.from({ length: 8 }, () => ctx.remoteLink.create(pt(p, t))));
      expect(await ctx.rows(productTag, [p])).toHaveLength(1);
    });
  });

  describe("dismiss", () => {
    it("removes exactly the given pair", async () => {
      const [p, t1, t2] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([pt(p, t1), pt(p, t2)]);
      expect(await ctx.remoteLink.dismiss(pt(p, t1))).toEqual({ dismissed: 1 });
      const rows = await ctx.rows(productTag, [p]);
      expect(rows.find((r) => r.right === t1)?.deletedAt).not.toBeNull();
      expect(rows.find((r) => r.right === t2)?.deletedAt).toBeNull();
    });

    it("dismissing a link that does not exist is not an error and changes nothing", async () => {
      const [p, t] = [ctx.id("prod"), ctx.id("tag")];
      expect(await ctx.remoteLink.dismiss(pt(p, t))).toEqual({ dismissed: 0 });
      expect(await ctx.rows(productTag, [p])).toHaveLength(0);
    });

    it("dismisses many pairs across tables in one call", async () => {
      const [p, b, t] = [ctx.id("prod"), ctx.id("brand"), ctx.id("tag")];
      await ctx.remoteLink.create([pb(p, b), pt(p, t)]);
      expect(await ctx.remoteLink.dismiss([pb(p, b), pt(p, t)])).toEqual({ dismissed: 2 });
      expect(live(await ctx.rows(productBrand, [p]))).toHaveLength(0);
      expect(live(await ctx.rows(productTag, [p]))).toHaveLength(0);
    });

    it("a later restore never brings a dismissed link back", async () => {
      const [p, t] = [ctx.id("prod"), ctx.id("tag")];
      await ctx.remoteLink.create(pt(p, t));
      await ctx.remoteLink.dismiss(pt(p, t));
      await ctx.remoteLink.delete({ product: { product_id: p } });
      await ctx.remoteLink.restore({ product: { product_id: p } });
      expect(live(await ctx.rows(productTag, [p]))).toHaveLength(0);
    });

    it("keys in the reverse order of the definition are refused with the right order shown", async () => {
      const [p, b] = [ctx.id("prod"), ctx.id("brand")];
      await ctx.remoteLink.create(pb(p, b));
      const reversed = { brand: { brand_id: b }, product: { product_id: p } };
      const error = await ctx.remoteLink.dismiss(reversed).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code: "WRONG_DIRECTION", expected: pb(p, b) });
      expect(Object.keys((error as { expected: object }).expected)).toEqual(["product", "brand"]);
      expect(live(await ctx.rows(productBrand, [p]))).toHaveLength(1);
    });
  });
}
