import { STREAM_SLICE, LinkError } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { featuredBrand, productBrand, productCustom, productTag } from "./fixtures";
import { featured, pb, pc, pt, live } from "./inputs";
import type { SuiteContext } from "./suite-context";

/** More inputs than one slice of a stream, so a call is written in several. */
const MANY = STREAM_SLICE + 7;

export function streamedCreateTests(ctx: SuiteContext): void {
  describe("create from an iterable", () => {
    it("takes a generator, an async generator and a Set, and links every pair", async () => {
      const [p1, p2, p3, t] = [ctx.id("prod"), ctx.id("prod"), ctx.id("prod"), ctx.id("tag")];
      await ctx.remoteLink.create(
        (function* () {
          yield pt(p1, t);
        })(),
      );
      await ctx.remoteLink.create(
        (async function* () {
          yield pt(p2, t);
        })(),
      );
      await ctx.remoteLink.create(new Set([pt(p3, t)]));
      expect(
        live(await ctx.rows(productTag, [t]))
          .map((row) => row.left)
          .sort(),
      ).toEqual([p1, p2, p3].sort());
    });

    it("a stream larger than one slice is written whole, a pair repeated across slices once, the later data winning", async () => {
      const [b, c] = [ctx.id("brand"), ctx.id("cust")];
      const products = ctx.ids("prod", MANY);
      const first = products[0] as string;
      let read = 0;
      // The many-to-many named link: its rows are read by few other tests.
      async function* inputs() {
        yield { ...pc(first, c), data: { label: "first", position: 1 } };
        for (const p of products) {
          read++;
          yield featured(p, b);
        }
        yield { ...pc(first, c), data: { label: "later" } };
      }
      await ctx.remoteLink.create(inputs());
      expect(read).toBe(MANY);
      expect(live(await ctx.rows(featuredBrand, [b]))).toHaveLength(MANY);
      expect(await ctx.rows(productCustom, [c])).toMatchObject([{ left: first, data: { label: "later", position: 1 }, deletedAt: null }]);
    });

    it("a bad input in a later slice refuses the whole call and writes nothing", async () => {
      const b = ctx.id("brand");
      const products = ctx.ids("prod", MANY);
      function* inputs() {
        for (const p of products) yield pb(p, b);
        yield { product: { product_id: "" }, brand: { brand_id: b } };
      }
      const error = await ctx.remoteLink.create(inputs()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code: "INVALID_ID" });
      expect(await ctx.rows(productBrand, [b])).toHaveLength(0);
    });

    it("a cardinality conflict in a later slice refuses the whole call and writes nothing", async () => {
      const [b, other] = [ctx.id("brand"), ctx.id("brand")];
      const products = ctx.ids("prod", MANY);
      function* inputs() {
        for (const p of products) yield pb(p, b);
        // A product has one brand: a second one for the first product breaks the one side.
        yield pb(products[0] as string, other);
      }
      await expect(ctx.remoteLink.create(inputs())).rejects.toMatchObject({ code: "CARDINALITY_VIOLATION" });
      expect(await ctx.rows(productBrand, [b, other])).toHaveLength(0);
    });

    it("an empty iterable is refused like an empty array", async () => {
      await expect(ctx.remoteLink.create([])).rejects.toMatchObject({ code: "INVALID_INPUT" });
      await expect(ctx.remoteLink.create((function* () {})())).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("no inputs") });
    });

    it("an iterable that throws fails the call with its error and writes nothing", async () => {
      const [b, p] = [ctx.id("brand"), ctx.id("prod")];
      const failure = new Error("the source broke");
      async function* inputs() {
        yield pb(p, b);
        throw failure;
      }
      await expect(ctx.remoteLink.create(inputs())).rejects.toBe(failure);
      expect(await ctx.rows(productBrand, [b])).toHaveLength(0);
    });
  });
}
