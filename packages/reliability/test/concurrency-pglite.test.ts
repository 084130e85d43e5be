import { CardinalityError, RemoteLink } from "@modlink/core";
import { conformanceLinks } from "@modlink/conformance";
import type { KnexLinkStore } from "@modlink/knex";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkMixesSerialisable } from "../src/concurrent-mixes";
import { contendedSet, fixtureLink } from "../src/link-sets";
import { openPgliteMemory } from "../src/pglite-memory";
import { type StoreUnderTest, knexUnderTest } from "../src/store-under-test";
import { untyped } from "../src/untyped-remote-link";

let knex: Knex;
let target: StoreUnderTest & { readonly store: KnexLinkStore };
let counter = 0;
const id = (prefix: string) => `${prefix}_${++counter}`;

beforeAll(async () => {
  knex = await openPgliteMemory();
  target = await knexUnderTest("PGlite", knex, "concurrency", conformanceLinks);
});
afterAll(async () => {
  await knex?.destroy();
});

const productBrand = fixtureLink("product", "brand");
const productCustom = fixtureLink("product", "helloModuleService");
const productTag = fixtureLink("product", "tag");
type Link = typeof productBrand;
const pair = (link: Link, left: string, right: string) => ({ [link.left.module]: { [link.left.key]: left }, [link.right.module]: { [link.right.key]: right } });
const rowsOf = async (link: Link, left: string) =>
  (await knex.raw(`select * from "concurrency"."${link.table}" where "${link.left.column}" = ?`, [left])).rows as Record<string, unknown>[];

describe("concurrency on PGlite (one process, one connection)", () => {
  it("100 concurrent creates of the same pair leave exactly one live row and surface no error (one-to-many, one-to-one, many-to-many)", async () => {
    const remoteLink = untyped(new RemoteLink({ links: conformanceLinks, store: target.store }));
    const p = id("prod");
    for (const [link, partner] of [
      [productBrand, id("brand")],
      [productCustom, id("cust")],
      [productTag, id("tag")],
    ] as const) {
      await Promise.all(Array.from({ length: 100 }, () => remoteLink.create(pair(link, p, partner))));
      const rows = await rowsOf(link, p);
      expect(
        rows.map((row) => row.deleted_at),
        link.label,
      ).toEqual([null]);
    }
  });

  it.each([
    { link: productBrand, what: "one product, 100 different brands (one-to-many)" },
    { link: productCustom, what: "one product, 100 different custom records (one-to-one)" },
  ])("a race giving $what: exactly one create succeeds, the other 99 get CardinalityError", async ({ link }) => {
    const remoteLink = untyped(new RemoteLink({ links: conformanceLinks, store: target.store }));
    const p = id("prod");
    const settled = await Promise.allSettled(Array.from({ length: 100 }, () => remoteLink.create(pair(link, p, id("partner")))));
    const failures = settled.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(settled.length - failures.length).toBe(1);
    for (const failure of failures) expect(failure.reason).toBeInstanceOf(CardinalityError);
    expect((await rowsOf(link, p)).filter((row) => row.deleted_at === null)).toHaveLength(1);
  });

  it("concurrent create/dismiss/replace/delete/restore mixes end in the outcome and state of some serial order", async () => {
    const mixes = await knexUnderTest("PGlite", knex, "concurrency_mix", contendedSet.links);
    expect(await checkMixesSerialisable(mixes, contendedSet, ["create", "dismiss", "replace", "delete", "restore"], 30)).toBe(30);
  }, 300_000);
});
