import { type ChangesPage, LinkError, type LinkErrorCode, type LinkStore, MAX_CHANGES_PER_READ, RemoteLink } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { byRowId, changesAfter, feedEnd, positionsAfter, readToEnd } from "./change-feed-reader";
import { productBrand, productCustom, productTag } from "./fixtures";
import { pb, pc, pt } from "./inputs";
import type { SuiteContext } from "./suite-context";

interface BadOptions {
  readonly name: string;
  readonly options: unknown;
  readonly code: LinkErrorCode;
  /** What the message must name. */
  readonly names: string;
}

/** Each is refused with its code, by a RemoteLink of productBrand and productTag only. */
const badOptions: readonly BadOptions[] = [
  { name: "options that are not an object", options: "1", code: "INVALID_INPUT", names: "options" },
  { name: 'after "-1"', options: { after: "-1" }, code: "INVALID_INPUT", names: "after" },
  { name: 'after "01"', options: { after: "01" }, code: "INVALID_INPUT", names: "after" },
  { name: 'after "abc"', options: { after: "abc" }, code: "INVALID_INPUT", names: "after" },
  { name: "after past the greatest bigint", options: { after: "9223372036854775808" }, code: "INVALID_INPUT", names: "after" },
  { name: "after as a number", options: { after: 5 }, code: "INVALID_INPUT", names: "after" },
  { name: "limit 0", options: { limit: 0 }, code: "INVALID_INPUT", names: "limit" },
  { name: "limit 1.5", options: { limit: 1.5 }, code: "INVALID_INPUT", names: "limit" },
  { name: "limit above the most per read", options: { limit: MAX_CHANGES_PER_READ + 1 }, code: "INVALID_INPUT", names: "limit" },
  { name: "an unknown option", options: { cursor: "1" }, code: "INVALID_INPUT", names: "cursor" },
  { name: "an empty links", options: { links: [] }, code: "INVALID_INPUT", names: "links" },
  { name: "a link the RemoteLink was not given", options: { links: [productCustom] }, code: "UNKNOWN_LINK", names: "links" },
];

/** The store, except that reading its feed fails: options must be refused before the store is read. */
function unreadable(store: LinkStore): LinkStore {
  return {
    capabilities: store.capabilities,
    transaction: (work, options) => store.transaction(work, options),
    readChanges: () => Promise.reject(new Error("the change feed was read")),
    close: async () => {},
  };
}

/** Reading the feed: resuming, paging, choosing links, concurrent writers, copies and refused options. */
export function changeFeedReadTests(ctx: SuiteContext): void {
  describe("change feed: reading", () => {
    it("reading on from a cursor returns exactly the later changes; past the end, none and the same cursor", async () => {
      const [p, t1, t2, b] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag"), ctx.id("brand")];
      const mark = await feedEnd(ctx.remoteLink);
      await ctx.remoteLink.create(pt(p, t1));
      const first = await readToEnd(ctx.remoteLink, mark);
      await ctx.remoteLink.create(pt(p, t2));
      await ctx.remoteLink.create(pb(p, b));
      const later = await readToEnd(ctx.remoteLink, first.cursor);
      expect(later.changes.map((change) => change.keys)).toEqual([
        { product_id: p, tag_id: t2 },
        { product_id: p, brand_id: b },
      ]);
      expect(later.changes.map((change) => change.position)).toEqual(positionsAfter(first.cursor, 2));
      expect(await ctx.remoteLink.changes({ after: later.cursor })).toEqual({ changes: [], cursor: later.cursor });
    });

    it("limit caps a page, whose cursor resumes right after its last change", async () => {
      const [p, t1, t2, t3] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag"), ctx.id("tag")];
      const mark = await feedEnd(ctx.remoteLink);
      for (const tag of [t1, t2, t3]) await ctx.remoteLink.create(pt(p, tag));
      const positions = positionsAfter(mark, 3);
      const page = await ctx.remoteLink.changes({ after: mark, limit: 2 });
      expect(page.changes.map((change) => change.position)).toEqual(positions.slice(0, 2));
      expect(page.cursor).toBe(positions[1]);
      const rest = await ctx.remoteLink.changes({ after: page.cursor, limit: 2 });
      expect(rest.changes.map((change) => [change.position, change.keys.tag_id])).toEqual([[positions[2], t3]]);
    });

    it("links keeps only the changes of those links, and the cursor is the last change returned", async () => {
      const [p, t1, t2, b, c] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag"), ctx.id("brand"), ctx.id("cust")];
      const mark = await feedEnd(ctx.remoteLink);
      await ctx.remoteLink.create(pt(p, t1));
      await ctx.remoteLink.create(pb(p, b));
      await ctx.remoteLink.create(pt(p, t2));
      await ctx.remoteLink.create(pc(p, c));
      const page = await ctx.remoteLink.changes({ after: mark, links: [productTag] });
      expect(page.changes.map((change) => [change.link, change.keys.tag_id])).toEqual([
        [productTag.table, t1],
        [productTag.table, t2],
      ]);
      expect(page.cursor).toBe(page.changes.at(-1)?.position);
      expect(page.cursor).toBe(positionsAfter(mark, 3)[2]);
      const both = await ctx.remoteLink.changes({ after: mark, links: [productTag, productBrand] });
      expect(both.changes.map((change) => change.link)).toEqual([productTag.table, productBrand.table, productTag.table]);
    });

    it("concurrent creates record every new row exactly once, at consecutive positions", async () => {
      const p = ctx.id("prod");
      const tags = ctx.ids("tag", 20);
      const shared = ctx.id("tag");
      const mark = await feedEnd(ctx.remoteLink);
      await Promise.all([...tags.map((tag) => ctx.remoteLink.create(pt(p, tag))), ...Array.from({ length: 5 }, () => ctx.remoteLink.create(pt(p, shared)))]);
      const changes = await changesAfter(ctx.remoteLink, mark);
      const rows = await ctx.remoteLink.list({ product: { product_id: p }, tag: {} });
      expect(rows).toHaveLength(21);
      expect(changes.map((change) => change.position)).toEqual(positionsAfter(mark, 21));
      expect(byRowId(changes).map((change) => [change.operation, change.id, change.keys.tag_id])).toEqual(
        byRowId(rows).map((row) => ["created", row.id, row.tag_id]),
      );
    });

    it("changes read are copies: changing one's data changes nothing the feed returns later", async () => {
      const [p, c] = [ctx.id("prod"), ctx.id("cust")];
      const mark = await feedEnd(ctx.remoteLink);
      await ctx.remoteLink.create({ ...pc(p, c), data: { label: "kept", metadata: { tags: ["a"] } } });
      const [first] = await changesAfter(ctx.remoteLink, mark);
      const data = first?.data as Record<string, unknown>;
      data.label = "changed";
      (data.metadata as { tags: string[] }).tags.push("b");
      const [again] = await changesAfter(ctx.remoteLink, mark);
      expect(again?.data).toMatchObject({ label: "kept", metadata: { tags: ["a"] } });
    });

    it.each(badOptions)("changes() refuses $name with $code naming $names, before reading the store", async ({ options, code, names }) => {
      const remoteLink = new RemoteLink({ links: [productBrand, productTag], store: unreadable(ctx.store) });
      const changes = remoteLink.changes.bind(remoteLink) as (options: unknown) => Promise<ChangesPage>;
      const error = await changes(options).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code });
      expect((error as Error).message).toContain(names);
    });
  });
}
