import { LinkError, MAX_LIST_SKIP, MAX_LIST_TAKE } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { pb, pc, pt } from "./inputs";
import type { SuiteContext } from "./suite-context";

/** Code-unit order, the order pages promise. */
const byId = (a: { id: unknown }, b: { id: unknown }) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0);

export function listPageTests(ctx: SuiteContext): void {
  describe("list pages", () => {
    it("take, skip and after page through a record's links in id order, each link once", async () => {
      const p = ctx.id("prod");
      const tags = ctx.ids("tag", 7);
      await ctx.remoteLink.create(tags.map((t) => pt(p, t)));
      const input = { product: { product_id: p }, tag: {} };
      const all = [...(await ctx.remoteLink.list(input))].sort(byId);
      expect(all).toHaveLength(7);
      const first = await ctx.remoteLink.list(input, { take: 3 });
      expect(first).toEqual(all.slice(0, 3));
      const next = await ctx.remoteLink.list(input, { take: 3, after: String(first.at(-1)?.id) });
      expect(next).toEqual(all.slice(3, 6));
      const last = await ctx.remoteLink.list(input, { take: 3, after: String(next.at(-1)?.id) });
      expect(last).toEqual(all.slice(6));
      expect(await ctx.remoteLink.list(input, { take: 3, after: String(last.at(-1)?.id) })).toEqual([]);
      expect(await ctx.remoteLink.list(input, { take: 2, skip: 4 })).toEqual(all.slice(4, 6));
      expect(await ctx.remoteLink.list(input, { skip: 5 })).toEqual(all.slice(5));
    });

    it("a page across link tables merges them in id order and returns each link once", async () => {
      const [p, b, c] = [ctx.id("prod"), ctx.id("brand"), ctx.id("cust")];
      const tags = ctx.ids("tag", 3);
      await ctx.remoteLink.create([pb(p, b), pc(p, c), ...tags.map((t) => pt(p, t))]);
      const all = [...(await ctx.remoteLink.list({ product: { product_id: p } }))].sort(byId);
      expect(all).toHaveLength(5);
      const pages = [];
      for (let after: string | undefined; ;) {
        const page = await ctx.remoteLink.list({ product: { product_id: p } }, { take: 2, ...(after === undefined ? {} : { after }) });
        if (page.length === 0) break;
        pages.push(page);
        after = String(page.at(-1)?.id);
      }
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual(all);
      // The same record asked for twice still gives each link once.
      const twice = await ctx.remoteLink.list([{ product: { product_id: p } }, pt(p, tags[0] as string)], { take: 10 });
      expect(twice).toEqual(all);
    });

    it("a page in the input shape holds the same links as the page of rows", async () => {
      const p = ctx.id("prod");
      const tags = ctx.ids("tag", 4);
      await ctx.remoteLink.create(tags.map((t) => pt(p, t)));
      const input = { product: { product_id: p }, tag: {} };
      const rows = await ctx.remoteLink.list(input, { take: 2, skip: 1 });
      const shapes = await ctx.remoteLink.list(input, { take: 2, skip: 1, asLinkDefinition: true });
      expect(shapes).toEqual(rows.map((row) => pt(p, String(row.tag_id))));
    });

    it("withDeleted pages include soft-deleted links; without it they are left out", async () => {
      const p = ctx.id("prod");
      const tags = ctx.ids("tag", 4);
      await ctx.remoteLink.create(tags.map((t) => pt(p, t)));
      await ctx.remoteLink.dismiss(pt(p, tags[1] as string));
      const input = { product: { product_id: p }, tag: {} };
      expect(await ctx.remoteLink.list(input, { take: 10 })).toHaveLength(3);
      expect(await ctx.remoteLink.list(input, { take: 10, withDeleted: true })).toHaveLength(4);
    });

    it.each([
      { name: "take 0", options: { take: 0 }, names: "take" },
      { name: "take above the limit", options: { take: MAX_LIST_TAKE + 1 }, names: `${MAX_LIST_TAKE}` },
      { name: "a fractional take", options: { take: 1.5 }, names: "take" },
      { name: "take as a string", options: { take: "10" }, names: "take" },
      { name: "a negative skip", options: { skip: -1 }, names: "skip" },
      { name: "skip above the limit", options: { skip: MAX_LIST_SKIP + 1 }, names: "skip" },
      { name: "an empty after", options: { after: "" }, names: "after" },
      { name: "a numeric after", options: { after: 5 }, names: "after" },
      { name: "withDeleted as a string", options: { withDeleted: "yes" }, names: "withDeleted" },
    ])("$name is INVALID_INPUT naming the option, before any read", async ({ options, names }) => {
      const error = await ctx.remoteLink.list({ product: { product_id: ctx.id("prod") } }, options as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code: "INVALID_INPUT" });
      expect((error as Error).message).toContain(names);
    });
  });
}
