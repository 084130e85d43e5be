import { LinkError } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { productCustom } from "./fixtures";
import { pc } from "./inputs";
import type { SuiteContext } from "./suite-context";

/** A timestamp as milliseconds since the epoch, whether the store gives a Date or keeps the string. */
const instant = (value: unknown) => (value instanceof Date ? value.getTime() : new Date(String(value)).getTime());

const acceptedTimestamps = [
  { text: "2024-01-01T00:00:00+15:59", utc: "2023-12-31T08:01:00.000Z" },
  { text: "2024-01-01T00:00:00-15:59", utc: "2024-01-01T15:59:00.000Z" },
  { text: "2024-01-01 12:00:00+0530", utc: "2024-01-01T06:30:00.000Z" },
  { text: "2024-01-01T00:00:00.123000Z", utc: "2024-01-01T00:00:00.123Z" },
  { text: "2024-06-30 23:59:59.999-03:30", utc: "2024-07-01T03:29:59.999Z" },
];

const refusedTimestamps = [
  { text: "2024-01-01T00:00:00+99:00", says: "from -15:59 to +15:59" },
  { text: "2024-01-01T00:00:00+16:00", says: "from -15:59 to +15:59" },
  { text: "2024-01-01T00:00:00-16:00", says: "from -15:59 to +15:59" },
  { text: "2024-01-01T00:00:00+05:60", says: "from -15:59 to +15:59" },
  { text: "2024-01-01T00:00:00+05", says: "ISO 8601" },
  { text: "2024-01-01T00:00:00.123456Z", says: "timestamps hold milliseconds" },
  { text: "2024-01-01T00:00:00.1234Z", says: "timestamps hold milliseconds" },
];

/**
 * Values at the edge of what PostgreSQL holds: every store keeps them
 * exactly, or every store refuses them up front and writes nothing.
 */
export function extraValueTests(ctx: SuiteContext): void {
  const stored = async (p: string) => (await ctx.rows(productCustom, [p]))[0]?.data;
  const listed = async (p: string) =>
    (await ctx.remoteLink.list({ product: { product_id: p }, helloModuleService: {} }))[0] as Record<string, unknown> | undefined;
  const refusal = (input: unknown) =>
    ctx.remoteLink.create(input as Parameters<typeof ctx.remoteLink.create>[0]).then(
      () => undefined,
      (e: unknown) => e,
    );

  describe("extra column values", () => {
    it("a float keeps the sign of zero: -0 by default, on insert and on update is -0 in the row and in list()", async () => {
      const [byDefault, inserted, updated] = [ctx.id("prod"), ctx.id("prod"), ctx.id("prod")];
      await ctx.remoteLink.create(pc(byDefault, ctx.id("cust")));
      await ctx.remoteLink.create({ ...pc(inserted, ctx.id("cust")), data: { ratio: -0 } });
      const custom = ctx.id("cust");
      await ctx.remoteLink.create({ ...pc(updated, custom), data: { ratio: 0.5 } });
      await ctx.remoteLink.create({ ...pc(updated, custom), data: { ratio: -0 } });
      for (const p of [byDefault, inserted, updated]) {
        expect((await stored(p))?.ratio, p).toBe(-0);
        expect((await listed(p))?.ratio, p).toBe(-0);
      }
    });

    it("an integer column has no -0: every store keeps it as 0", async () => {
      const p = ctx.id("prod");
      await ctx.remoteLink.create({ ...pc(p, ctx.id("cust")), data: { position: -0 } });
      expect((await stored(p))?.position).toBe(0);
      expect((await listed(p))?.position).toBe(0);
    });

    it("JSON cannot hold -0 (jsonb makes it 0): refused with INVALID_DATA saying where, and nothing is written", async () => {
      const p = ctx.id("prod");
      const error = await refusal({ ...pc(p, ctx.id("cust")), data: { metadata: { sizes: [1, -0] } } });
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code: "INVALID_DATA" });
      expect((error as Error).message).toContain("data.metadata.sizes[1] is -0");
      expect(await ctx.rows(productCustom, [p])).toEqual([]);
    });

    it.each(acceptedTimestamps)("the timestamp $text is stored as the instant it names", async ({ text, utc }) => {
      const p = ctx.id("prod");
      await ctx.remoteLink.create({ ...pc(p, ctx.id("cust")), data: { seen_at: text } });
      expect(new Date(instant((await stored(p))?.seen_at)).toISOString()).toBe(utc);
      expect(new Date(instant((await listed(p))?.seen_at)).toISOString()).toBe(utc);
    });

    it.each(refusedTimestamps)("the timestamp $text is refused with INVALID_DATA ($says) and nothing is written", async ({ text, says }) => {
      const p = ctx.id("prod");
      const error = await refusal({ ...pc(p, ctx.id("cust")), data: { seen_at: text } });
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code: "INVALID_DATA" });
      expect((error as Error).message).toContain("data.seen_at");
      expect((error as Error).message).toContain(says);
      expect(await ctx.rows(productCustom, [p])).toEqual([]);
    });

    it("data is copied on the way in: changing the given object or Date afterwards changes nothing stored", async () => {
      const p = ctx.id("prod");
      const metadata = { color: "red", sizes: [1, 2] };
      const seenAt = new Date("2030-01-02T03:04:05.678Z");
      await ctx.remoteLink.create({ ...pc(p, ctx.id("cust")), data: { metadata, seen_at: seenAt } });
      metadata.color = "blue";
      metadata.sizes.push(3);
      seenAt.setTime(0);
      for (const row of [await stored(p), await listed(p)]) {
        expect(row?.metadata).toEqual({ color: "red", sizes: [1, 2] });
        expect(new Date(instant(row?.seen_at)).toISOString()).toBe("2030-01-02T03:04:05.678Z");
      }
    });
  });
}
