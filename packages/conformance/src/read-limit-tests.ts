import { linkTableOf } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { productTag } from "./fixtures";
import { pt } from "./inputs";
import type { SuiteContext } from "./suite-context";

/** `listLinks({ limit })`: what bounds the reads of queries, whatever the table holds. */
export function readLimitTests(ctx: SuiteContext): void {
  describe("listLinks limit", () => {
    it("returns at most `limit` matching rows, and every row without it", async () => {
      const [p, ...tags] = [ctx.id("prod"), ...ctx.ids("tag", 5)];
      await ctx.remoteLink.create(tags.map((t) => pt(p, t)));
      const table = linkTableOf(productTag);
      const read = (limit?: number) => ctx.store.transaction((tx) => tx.listLinks(table, { left: [p], ...(limit === undefined ? {} : { limit }) }));
      const all = await read();
      expect(all.map((link) => link.right).sort()).toEqual([...tags].sort());
      const limited = await read(3);
      expect(limited).toHaveLength(3);
      for (const link of limited) expect(tags).toContain(link.right);
      expect(await read(0)).toEqual([]);
      expect(await read(50)).toHaveLength(5);
    });
  });
}
