import { CascadeError, LinkSetupError, RemoteLink } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { conformanceLinks, customNote, noteAttachment, productBrand, productCustom, productTag, variantInventory } from "./fixtures";
import { bt, cn, na, nc, pb, pc, pt, vi, live } from "./inputs";
import type { SuiteContext } from "./suite-context";

export function cascadeTests(ctx: SuiteContext): void {
  describe("cascade delete", () => {
    it("soft-deletes every link of the record and leaves partners on non-cascade sides alone", async () => {
      const [p, b, t] = [ctx.id("prod"), ctx.id("brand"), ctx.id("tag")];
      await ctx.remoteLink.create([pb(p, b), pt(p, t)]);
      const result = await ctx.remoteLink.delete({ product: { product_id: p } });
      expect(live(await ctx.rows(productBrand, [p]))).toHaveLength(0);
      expect(live(await ctx.rows(productTag, [p]))).toHaveLength(0);
      expect(result.links).toMatchObject({ [productBrand.table]: 1, [productTag.table]: 1 });
      expect(result.records).toEqual({});
      expect(ctx.modules.brand.calls).toHaveLength(0);
      expect(ctx.modules.tag.calls).toHaveLength(0);
    });

    it("one level: records on a deleteCascade side are deleted through their module, inside the open transaction", async () => {
      const [p, c] = [ctx.id("prod"), ctx.id("cust")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      await ctx.remoteLink.create(pc(p, c));
      const result = await ctx.remoteLink.delete({ product: { product_id: p } });
      expect(ctx.modules.helloModuleService.isDeleted("my_custom", c)).toBe(true);
      expect(result.records).toEqual({ helloModuleService: { my_custom_id: [c] } });
      expect(ctx.modules.helloModuleService.calls[0]?.transaction).toBeDefined();
      expect(live(await ctx.rows(productCustom, [p]))).toHaveLength(0);
    });

    it("three levels: product -> custom -> note -> attachment, and restore brings all of it back", async () => {
      const [p, c, n, a] = [ctx.id("prod"), ctx.id("cust"), ctx.id("note"), ctx.id("att")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      ctx.modules.notes.seed("note", [n]);
      ctx.modules.files.seed("attachment", [a]);
      await ctx.remoteLink.create([pc(p, c), cn(c, n), na(n, a)]);
      const before = await ctx.snapshot([p, c, n, a]);
      const result = await ctx.remoteLink.delete({ product: { product_id: p } });
      expect(result.records).toEqual({
        helloModuleService: { my_custom_id: [c] },
        notes: { note_id: [n] },
        files: { attachment_id: [a] },
      });
      expect(ctx.modules.files.isDeleted("attachment", a)).toBe(true);
      expect(live(await ctx.rows(noteAttachment, [n]))).toHaveLength(0);
      const restored = await ctx.remoteLink.restore({ product: { product_id: p } });
      expect(restored.records).toEqual(result.records);
      expect(ctx.modules.files.isDeleted("attachment", a)).toBe(false);
      expect(ctx.modules.notes.isDeleted("note", n)).toBe(false);
      expect(ctx.modules.helloModuleService.isDeleted("my_custom", c)).toBe(false);
      expect(await ctx.snapshot([p, c, n, a])).toEqual(before);
    });

    it("stamps every row it deletes with one deletion, the side it came from and whether the partner went too; restore clears it", async () => {
      const [p, c, n, t] = [ctx.id("prod"), ctx.id("cust"), ctx.id("note"), ctx.id("tag")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      ctx.modules.notes.seed("note", [n]);
      await ctx.remoteLink.create([pc(p, c), pt(p, t), cn(c, n)]);
      await ctx.remoteLink.delete({ product: { product_id: p } });
      const [custom] = await ctx.rows(productCustom, [p]);
      const [tag] = await ctx.rows(productTag, [p]);
      const [note] = await ctx.rows(customNote, [c]);
      const deletionId = custom?.deletionId;
      expect(deletionId).toEqual(expect.any(String));
      expect(custom).toMatchObject({ deletedAt: expect.any(Date), deletionId, deletedFrom: "left", cascaded: true });
      expect(tag).toMatchObject({ deletedAt: expect.any(Date), deletionId, deletedFrom: "left", cascaded: false });
      expect(note).toMatchObject({ deletedAt: expect.any(Date), deletionId, deletedFrom: "left", cascaded: true });
      await ctx.remoteLink.restore({ product: { product_id: p } });
      for (const row of [...(await ctx.rows(productCustom, [p])), ...(await ctx.rows(productTag, [p])), ...(await ctx.rows(customNote, [c]))]) {
        expect(row).toMatchObject({ deletedAt: null, deletionId: null, deletedFrom: null, cascaded: false });
      }
    });

    it("cycles end and no record is processed twice", async () => {
      const [p, c, n] = [ctx.id("prod"), ctx.id("cust"), ctx.id("note")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      ctx.modules.notes.seed("note", [n]);
      await ctx.remoteLink.create([pc(p, c), cn(c, n), nc(n, c)]);
      await ctx.remoteLink.delete({ product: { product_id: p } });
      expect(ctx.modules.helloModuleService.calls.map((call) => call.ids)).toEqual([[c]]);
      expect(ctx.modules.notes.calls.map((call) => call.ids)).toEqual([[n]]);
      expect(live(await ctx.rows(customNote, [c]))).toHaveLength(0);
    });

    it("fan-in: deleting one product keeps the shared brand and the other product's link", async () => {
      const [p1, p2, b] = [ctx.id("prod"), ctx.id("prod"), ctx.id("brand")];
      await ctx.remoteLink.create([pb(p1, b), pb(p2, b)]);
      await ctx.remoteLink.delete({ product: { product_id: p1 } });
      expect(live(await ctx.rows(productBrand, [b]))).toMatchObject([{ left: p2 }]);
      expect(ctx.modules.brand.calls).toHaveLength(0);
    });

    it("records a module removes internally continue the cascade (a product's variants)", async () => {
      const [b, p, v1, v2, i1] = [ctx.id("brand"), ctx.id("prod"), ctx.id("var"), ctx.id("var"), ctx.id("item")];
      ctx.modules.product.seed("product", [p]);
      ctx.modules.product.own("product", p, "product_variant", [v1, v2]);
      ctx.modules.inventory.seed("inventory_item", [i1]);
      await ctx.remoteLink.create([pb(p, b), vi(v1, i1), vi(v2, i1)]);
      const result = await ctx.remoteLink.delete({ brand: { brand_id: b } });
      expect(result.records.product).toEqual({ product_id: [p], product_variant_id: [v1, v2] });
      expect(live(await ctx.rows(variantInventory, [v1, v2]))).toHaveLength(0);
      expect(ctx.modules.inventory.isDeleted("inventory_item", i1)).toBe(true);
    });

    it("orphans only: a shared tag goes only when no other brand links it", async () => {
      const [b1, b2, shared, own] = [ctx.id("brand"), ctx.id("brand"), ctx.id("tag"), ctx.id("tag")];
      ctx.modules.tag.seed("tag", [shared, own]);
      await ctx.remoteLink.create([bt(b1, shared), bt(b2, shared), bt(b1, own)]);
      const result = await ctx.remoteLink.delete({ brand: { brand_id: b1 } });
      expect(result.records).toEqual({ tag: { tag_id: [own] } });
      expect(ctx.modules.tag.isDeleted("tag", shared)).toBe(false);
    });

    it("takes arrays of ids and several modules in one call", async () => {
      const [p1, p2, t1, b] = [ctx.id("prod"), ctx.id("prod"), ctx.id("tag"), ctx.id("brand")];
      const [t2] = [ctx.id("tag")];
      await ctx.remoteLink.create([pt(p1, t1), pt(p2, t1), bt(b, t2)]);
      ctx.modules.tag.seed("tag", [t2]);
      const result = await ctx.remoteLink.delete({ product: { product_id: [p1, p2] }, brand: { brand_id: b } });
      expect(result.links[productTag.table]).toBe(2);
      expect(live(await ctx.rows(productTag, [t1]))).toHaveLength(0);
    });

    it("deleting twice is harmless", async () => {
      const [p, c] = [ctx.id("prod"), ctx.id("cust")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      await ctx.remoteLink.create(pc(p, c));
      await ctx.remoteLink.delete({ product: { product_id: p } });
      const second = await ctx.remoteLink.delete({ product: { product_id: p } });
      expect(Object.values(second.links).reduce((a, b) => a + b, 0)).toBe(0);
      expect(ctx.modules.helloModuleService.calls).toHaveLength(1);
    });

    it("a missing service for a module the cascade needs is an error before anything is written", async () => {
      const [p, c, t] = [ctx.id("prod"), ctx.id("cust"), ctx.id("tag")];
      await ctx.remoteLink.create([pc(p, c), pt(p, t)]);
      const before = await ctx.snapshot([p]);
      const { helloModuleService: _missing, ...others } = ctx.modules;
      const partial = new RemoteLink({ links: conformanceLinks, store: ctx.store, services: others });
      const error = await partial.delete({ product: { product_id: p } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LinkSetupError);
      expect(error).toMatchObject({ code: "MISSING_SERVICE" });
      expect((error as Error).message).toContain("helloModuleService");
      expect(await ctx.snapshot([p])).toEqual(before);
    });

    it("a module service throwing at level 2 rolls back every link and compensates level 1", async () => {
      const [p, c, n, t] = [ctx.id("prod"), ctx.id("cust"), ctx.id("note"), ctx.id("tag")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      ctx.modules.notes.seed("note", [n]);
      await ctx.remoteLink.create([pc(p, c), cn(c, n), pt(p, t)]);
      const before = await ctx.snapshot([p, c, n]);
      ctx.modules.notes.injectFault({ operation: "delete", onCall: 1 });
      const error = await ctx.remoteLink.delete({ product: { product_id: p } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CascadeError);
      expect(error).toMatchObject({ code: "CASCADE_FAILED", module: "notes" });
      expect((error as Error).cause).toBeInstanceOf(Error);
      expect(await ctx.snapshot([p, c, n])).toEqual(before);
      expect(ctx.modules.helloModuleService.isDeleted("my_custom", c)).toBe(false);
      expect(ctx.modules.notes.isDeleted("note", n)).toBe(false);
    });
  });

  describe("cascade restore", () => {
    it("undoes exactly the delete: links dismissed before stay dismissed", async () => {
      const [p, t1, t2] = [ctx.id("prod"), ctx.id("tag"), ctx.id("tag")];
      await ctx.remoteLink.create([pt(p, t1), pt(p, t2)]);
      await ctx.remoteLink.dismiss(pt(p, t1));
      const before = await ctx.snapshot([p]);
      await ctx.remoteLink.delete({ product: { product_id: p } });
      const result = await ctx.remoteLink.restore({ product: { product_id: p } });
      expect(result.links[productTag.table]).toBe(1);
      expect(live(await ctx.rows(productTag, [p]))).toMatchObject([{ right: t2 }]);
      expect((await ctx.snapshot([p])).map((r) => (r as { live: boolean }).live)).toEqual(before.map((r) => (r as { live: boolean }).live));
    });

    it("after two separate deletes, restores only the named record", async () => {
      const [p1, p2, b] = [ctx.id("prod"), ctx.id("prod"), ctx.id("brand")];
      await ctx.remoteLink.create([pb(p1, b), pb(p2, b)]);
      await ctx.remoteLink.delete({ product: { product_id: p1 } });
      await ctx.remoteLink.delete({ product: { product_id: p2 } });
      await ctx.remoteLink.restore({ product: { product_id: p1 } });
      expect(live(await ctx.rows(productBrand, [b]))).toMatchObject([{ left: p1 }]);
    });

    it("never restores a record that something else had deleted", async () => {
      const [p, c] = [ctx.id("prod"), ctx.id("cust")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      await ctx.remoteLink.create(pc(p, c));
      ctx.modules.helloModuleService.markDeleted("my_custom", [c]);
      await ctx.remoteLink.delete({ product: { product_id: p } });
      await ctx.remoteLink.restore({ product: { product_id: p } });
      expect(ctx.modules.helloModuleService.isDeleted("my_custom", c)).toBe(true);
      expect(ctx.modules.helloModuleService.calls.filter((call) => call.operation === "restore")).toHaveLength(0);
      expect(live(await ctx.rows(productCustom, [p]))).toHaveLength(1);
    });

    it("does not revive links that a deletion of the partner removed", async () => {
      const [p, c, n] = [ctx.id("prod"), ctx.id("cust"), ctx.id("note")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      ctx.modules.notes.seed("note", [n]);
      await ctx.remoteLink.create([pc(p, c), cn(c, n)]);
      await ctx.remoteLink.delete({ notes: { note_id: n } });
      await ctx.remoteLink.delete({ product: { product_id: p } });
      await ctx.remoteLink.restore({ product: { product_id: p } });
      expect(live(await ctx.rows(productCustom, [p]))).toHaveLength(1);
      expect(live(await ctx.rows(customNote, [c]))).toHaveLength(0);
    });

    it("restores a root that an earlier deletion had cascaded to, so that deletion is undone whole in any order", async () => {
      const [p, c, n] = [ctx.id("prod"), ctx.id("cust"), ctx.id("note")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      ctx.modules.notes.seed("note", [n]);
      await ctx.remoteLink.create([pc(p, c), cn(c, n)]);
      const before = await ctx.snapshot([p, c, n]);
      await ctx.remoteLink.delete({ product: { product_id: p } });
      // A second delete of records the first had already removed: it finds no live link to delete.
      const late = { helloModuleService: { my_custom_id: c }, notes: { note_id: n } };
      await ctx.remoteLink.delete(late);
      // Its restore revives c's link to n, which says the first deletion removed n: n comes back with it.
      const restoredLate = await ctx.remoteLink.restore(late);
      expect(restoredLate.records).toEqual({ notes: { note_id: [n] } });
      // The first deletion's restore reaches c, whose links are live again: its walk ends there.
      await ctx.remoteLink.restore({ product: { product_id: p } });
      expect(ctx.modules.notes.isDeleted("note", n)).toBe(false);
      expect(ctx.modules.helloModuleService.isDeleted("my_custom", c)).toBe(false);
      expect(await ctx.snapshot([p, c, n])).toEqual(before);
    });

    it("restoring something not deleted is harmless", async () => {
      const [p, t] = [ctx.id("prod"), ctx.id("tag")];
      await ctx.remoteLink.create(pt(p, t));
      const before = await ctx.snapshot([p]);
      const result = await ctx.remoteLink.restore({ product: { product_id: p } });
      expect(result.records).toEqual({});
      expect(await ctx.snapshot([p])).toEqual(before);
    });

    it("a module failing during restore rolls back the links and deletes again what was restored", async () => {
      const [p, c, n] = [ctx.id("prod"), ctx.id("cust"), ctx.id("note")];
      ctx.modules.helloModuleService.seed("my_custom", [c]);
      ctx.modules.notes.seed("note", [n]);
      await ctx.remoteLink.create([pc(p, c), cn(c, n)]);
      await ctx.remoteLink.delete({ product: { product_id: p } });
      const before = await ctx.snapshot([p, c, n]);
      ctx.modules.notes.injectFault({ operation: "restore", onCall: 1 });
      const error = await ctx.remoteLink.restore({ product: { product_id: p } }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "CASCADE_FAILED", module: "notes" });
      expect(await ctx.snapshot([p, c, n])).toEqual(before);
      expect(ctx.modules.helloModuleService.isDeleted("my_custom", c)).toBe(true);
    });
  });
}
