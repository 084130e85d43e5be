import { CardinalityError, LinkError, RemoteLink } from "@modlink/core";
import { conformanceLinks } from "@modlink/conformance";
import type { KnexLinkStore } from "@modlink/knex";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkMixesSerialisable } from "../src/concurrent-mixes";
import { contendedSet, fixtureLink, makeModules } from "../src/link-sets";
import { openPostgresSchema } from "../src/postgres-server";
import { spawnCreateRace } from "../src/spawn-create-race";
import { type StoreUnderTest, knexUnderTest } from "../src/store-under-test";
import { untyped } from "../src/untyped-remote-link";
import { waitUntilSettledOrBlocked } from "../src/wait-for-backend";

const server = await openPostgresSchema("concurrency");
let knex: Knex;
let target: StoreUnderTest & { readonly store: KnexLinkStore };
const run = Math.random().toString(36).slice(2, 8);
let counter = 0;
const id = (prefix: string) => `${prefix}_${run}_${++counter}`;

beforeAll(async () => {
  if (!server) return;
  knex = server.connect({ poolMax: 20 });
  target = await knexUnderTest("PostgreSQL", knex, server.schema, conformanceLinks);
});
afterAll(async () => {
  await server?.close();
});

const productBrand = fixtureLink("product", "brand");
const productCustom = fixtureLink("product", "helloModuleService");
const productTag = fixtureLink("product", "tag");
const pair = (link: typeof productBrand, left: string, right: string) => ({ [link.left.module]: { [link.left.key]: left }, [link.right.module]: { [link.right.key]: right } });

async function rowsOf(link: typeof productBrand, left: string) {
  const { table, left: side } = { table: link.table, left: link.left.column };
  return (await knex.raw(`select * from "${server!.schema}"."${table}" where "${side}" = ?`, [left])).rows as Record<string, unknown>[];
}

describe.skipIf(!server)("concurrency on PostgreSQL", () => {
  it("100 concurrent creates of the same pair from 4 processes leave exactly one live row and surface no error (one-to-many, one-to-one, many-to-many), also when reviving a dismissed pair", async () => {
    const [p, b, c, t] = [id("prod"), id("brand"), id("cust"), id("tag")];
    const inputs = [pair(productBrand, p, b), pair(productCustom, p, c), pair(productTag, p, t)];
    const race = await spawnCreateRace(4, { url: server!.url, schema: server!.schema, inputs, perRound: 25, poolMax: 5 });
    try {
      const first = await race.round();
      expect(first.flatMap((round) => round.errors)).toEqual([]);
      expect(first.reduce((sum, round) => sum + round.ok, 0)).toBe(300);
      const ids = new Map<string, unknown>();
      for (const link of [productBrand, productCustom, productTag]) {
        const rows = await rowsOf(link, p);
        expect(rows, link.label).toHaveLength(1);
        expect(rows[0]?.deleted_at, link.label).toBeNull();
        ids.set(link.table, rows[0]?.id);
      }

      await untyped(new RemoteLink({ links: conformanceLinks, store: target.store })).dismiss(inputs);
      const revived = await race.round();
      expect(revived.flatMap((round) => round.errors)).toEqual([]);
      for (const link of [productBrand, productCustom, productTag]) {
        const rows = await rowsOf(link, p);
        expect(rows.map((row) => [row.id, row.deleted_at]), link.label).toEqual([[ids.get(link.table), null]]);
      }
    } finally {
      await race.stop();
    }
  }, 60_000);

  it.each([
    { link: productBrand, what: "one product, 100 different brands (one-to-many)", key: "product_id" },
    { link: productCustom, what: "one product, 100 different custom records (one-to-one)", key: "product_id" },
  ])("a race giving $what: exactly one create succeeds, the other 99 get CardinalityError", async ({ link, key }) => {
    const remoteLink = untyped(new RemoteLink({ links: conformanceLinks, store: target.store }));
    const p = id("prod");
    const partners = Array.from({ length: 100 }, () => id("partner"));
    const settled = await Promise.allSettled(partners.map((partner) => remoteLink.create(pair(link, p, partner))));
    const failures = settled.filter((result): result is PromiseRejectedResult => result.status === "rejected").map((result) => result.reason as unknown);
    expect(settled.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(failures).toHaveLength(99);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(CardinalityError);
      expect(failure).toMatchObject({ code: "CARDINALITY_VIOLATION", key, link: link.label });
    }
    const rows = await rowsOf(link, p);
    expect(rows.filter((row) => row.deleted_at === null)).toHaveLength(1);
  });

  it("concurrent creates, dismisses and replaces end in the outcome and state of some serial order", async () => {
    const mixes = await knexUnderTest("PostgreSQL", knex, server!.subSchema("mix_writes"), contendedSet.links);
    expect(await checkMixesSerialisable(mixes, contendedSet, ["create", "dismiss", "replace"], 25)).toBe(25);
  }, 120_000);

  it("concurrent mixes with cascading deletes and restores end in the outcome and state of some serial order", async () => {
    const mixes = await knexUnderTest("PostgreSQL", knex, server!.subSchema("mix_cascades"), contendedSet.links);
    expect(await checkMixesSerialisable(mixes, contendedSet, ["create", "dismiss", "delete", "restore"], 25)).toBe(25);
  }, 120_000);

  /**
   * Runs `first` in a host transaction left open, starts `second` in another,
   * lets it run until it is done or blocked, then commits the first and waits
   * for the second: a forced interleaving, not a timing bet. Inside a host
   * transaction the host's isolation applies; at SERIALIZABLE a conflicting
   * second call fails with TRANSACTION_CONFLICT and the host runs it again,
   * as PostgreSQL documents. Returns the second's error, after that retry.
   */
  async function interleave(
    first: (trx: Knex.Transaction) => Promise<unknown>,
    second: (trx: Knex.Transaction) => Promise<unknown>,
    isolationLevel: "serializable" | "read committed" = "serializable",
  ): Promise<unknown> {
    const serializable = { isolationLevel } as const;
    const [one, two] = [await knex.transaction(null, serializable), await knex.transaction(null, serializable)];
    try {
      const pid = (await two.raw("select pg_backend_pid() as pid")).rows[0].pid as number;
      await first(one);
      const running = second(two).then(
        () => undefined,
        (error: unknown) => error,
      );
      await waitUntilSettledOrBlocked(running, server!.admin, pid);
      await one.commit();
      // The host's commit can be where PostgreSQL detects the conflict (40001).
      const error = await running.then(async (failure) => {
        if (failure !== undefined) return failure;
        // knex resolves commit() even when COMMIT fails; the failure rejects executionPromise.
        await two.commit().catch(() => undefined);
        const commitError = await two.executionPromise.then(
          () => undefined,
          (failure: { code?: string }) => failure,
        );
        return commitError?.code === "40001" ? new LinkError("TRANSACTION_CONFLICT", "conflict at commit") : commitError;
      });
      if (!two.isCompleted()) await two.rollback();
      if (!(error instanceof LinkError) || error.code !== "TRANSACTION_CONFLICT") return error;
      return await knex.transaction((trx) => second(trx), serializable).then(
        () => undefined,
        (retryError: unknown) => retryError,
      );
    } finally {
      if (!one.isCompleted()) await one.rollback();
      if (!two.isCompleted()) await two.rollback();
    }
  }

  it("a replace racing a create of the same record in read-committed host transactions waits for it and then replaces its link, with no error", async () => {
    const remoteLink = untyped(new RemoteLink({ links: conformanceLinks, store: target.store }));
    const [p, b1, b2] = [id("prod"), id("brand"), id("brand")];
    const replace = (trx: Knex.Transaction) => remoteLink.replace({ product: { product_id: p }, brand: { brand_id: [b2] } }, { transaction: trx });
    const error = await interleave((trx) => remoteLink.create(pair(productBrand, p, b1), { transaction: trx }), replace, "read committed");
    expect(error).toBeUndefined();
    const rows = await rowsOf(productBrand, p);
    expect(rows.filter((row) => row.deleted_at === null).map((row) => row.brand_id)).toEqual([b2]);
    expect(rows.filter((row) => row.deleted_at !== null).map((row) => row.brand_id)).toEqual([b1]);
  });

  // At SERIALIZABLE the replace's snapshot predates the create's commit: the
  // host's isolation makes that a conflict, which the host runs again.
  it("a replace racing a create of the same record in serializable host transactions succeeds, or conflicts and succeeds when the host runs it again", async () => {
    const remoteLink = untyped(new RemoteLink({ links: conformanceLinks, store: target.store }));
    const [p, b1, b2] = [id("prod"), id("brand"), id("brand")];
    const replace = (trx: Knex.Transaction) => remoteLink.replace({ product: { product_id: p }, brand: { brand_id: [b2] } }, { transaction: trx });
    const error = await interleave((trx) => remoteLink.create(pair(productBrand, p, b1), { transaction: trx }), replace);
    expect(error).toBeUndefined();
    expect((await rowsOf(productBrand, p)).filter((row) => row.deleted_at === null).map((row) => row.brand_id)).toEqual([b2]);
  });

  it("a delete racing a create that touches the same tag deletes both links or neither, never one of them", async () => {
    const modules = makeModules(contendedSet);
    const remoteLink = untyped(new RemoteLink({ links: conformanceLinks, store: target.store, services: (module) => modules.get(module) }));
    const [p1, p2, tag] = [id("prod"), id("prod"), id("tag")];
    await remoteLink.create(pair(productTag, p1, tag));
    const error = await interleave(
      (trx) => remoteLink.create([pair(productTag, p1, tag), pair(productTag, p2, tag)], { transaction: trx }),
      (trx) => remoteLink.delete({ tag: { tag_id: tag } }, { transaction: trx }),
    );
    expect(error).toBeUndefined();
    const live = (await knex.raw(`select product_id from "${server!.schema}"."${productTag.table}" where tag_id = ? and deleted_at is null order by product_id`, [tag])).rows;
    expect(live.length === 0 || live.length === 2, `live links of the tag after both calls: ${JSON.stringify(live)}`).toBe(true);
  });

  it("two concurrent deletes of the two brands sharing a tag delete the tag through the orphans cascade, as either serial order would", async () => {
    const set = contendedSet;
    const modules = makeModules(set);
    const remoteLink = untyped(new RemoteLink({ links: set.links, store: target.store, services: (module) => modules.get(module) }));
    const [b1, b2] = set.pools.brand?.brand_id ?? [];
    const tag = set.pools.tag?.tag_id?.[0] as string;
    const shared = (brand: string) => ({ brand: { brand_id: brand }, tag: { tag_id: tag }, link: "brand_tags" });
    await remoteLink.create([shared(b1 as string), shared(b2 as string)]);
    const error = await interleave(
      (trx) => remoteLink.delete({ brand: { brand_id: b1 } }, { transaction: trx }),
      (trx) => remoteLink.delete({ brand: { brand_id: b2 } }, { transaction: trx }),
    );
    expect(error).toBeUndefined();
    expect(modules.get("tag")?.isDeleted("tag", tag)).toBe(true);
  });
});

