import { CardinalityError, LinkError, RemoteLink } from "@modlink/core";
import { conformanceLinks } from "@modlink/conformance";
import type { KnexLinkStore } from "@modlink/knex";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkMixesSerialisable } from "../src/concurrent-mixes";
import { contendedSet, fixtureLink, makeModules } from "../src/link-sets";
import { openPostgresSchema } from "../src/postgres-server";
import { seededRandom } from "../src/seeded-random";
import { type Workers, spawnWorkers } from "../src/spawn-workers";
import { type StoreUnderTest, knexUnderTest } from "../src/store-under-test";
import { untyped } from "../src/untyped-remote-link";
import type { CallOutcome, WorkerCall } from "../src/worker-calls";
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
const pair = (link: typeof productBrand, left: string, right: string) => ({
  [link.left.module]: { [link.left.key]: left },
  [link.right.module]: { [link.right.key]: right },
});

async function rowsOf(link: typeof productBrand, left: string) {
  const { table, left: side } = { table: link.table, left: link.left.column };
  return (await knex.raw(`select * from "${server!.schema}"."${table}" where "${side}" = ?`, [left])).rows as Record<string, unknown>[];
}

describe.skipIf(!server)("concurrency on PostgreSQL", () => {
  describe("8 separate processes, each with its own pool, KnexLinkStore and RemoteLink, released together", () => {
    const PROCESSES = 8;
    const PER_PROCESS = 50;
    let workers: Workers;
    beforeAll(async () => {
      workers = await spawnWorkers(PROCESSES, { url: server!.url, schema: server!.schema, links: "conformance", poolMax: 5 });
    });
    afterAll(async () => {
      await workers?.stop();
    });

    /** The same calls from every process; returns every outcome and the deadlock retries seen. */
    async function everyProcess(calls: readonly WorkerCall[]): Promise<CallOutcome[]> {
      const replies = await workers.round(Array.from({ length: PROCESSES }, () => calls));
      return replies.flatMap((reply) => reply.outcomes);
    }
    const failures = (outcomes: readonly CallOutcome[]) => outcomes.filter((outcome) => !outcome.ok);
    const repeat = <T>(count: number, make: (i: number) => T) => Array.from({ length: count }, (_, i) => make(i));

    it("8 processes x 50 creates of one pair, per cardinality, leave one live row, no error; so does reviving dismissed pairs, keeping row ids", async () => {
      // A product per link, so the three pairs' record locks do not queue behind each other.
      const pairs = [productBrand, productCustom, productTag].map((link) => ({ link, left: id("prod"), right: id("partner") }));
      const creates = pairs.flatMap(({ link, left, right }) => repeat(PER_PROCESS, (): WorkerCall => ({ kind: "create", input: pair(link, left, right) })));
      const first = await everyProcess(creates);
      expect(first).toHaveLength(PROCESSES * PER_PROCESS * pairs.length);
      expect(failures(first)).toEqual([]);
      const rowIds: unknown[] = [];
      for (const { link, left } of pairs) {
        const rows = await rowsOf(link, left);
        expect(
          rows.map((row) => row.deleted_at),
          link.label,
        ).toEqual([null]);
        rowIds.push(rows[0]?.id);
      }

      await untyped(new RemoteLink({ links: conformanceLinks, store: target.store })).dismiss(pairs.map(({ link, left, right }) => pair(link, left, right)));
      const revived = await everyProcess(creates);
      expect(failures(revived)).toEqual([]);
      for (const [i, { link, left }] of pairs.entries()) {
        expect(
          (await rowsOf(link, left)).map((row) => [row.id, row.deleted_at]),
          link.label,
        ).toEqual([[rowIds[i], null]]);
      }
    }, 300_000);

    it("8 processes x 50 one-to-one creates of 400 custom records for one product: one wins, the other 399 get CARDINALITY_VIOLATION", async () => {
      const p = id("prod");
      const replies = await workers.round(
        repeat(PROCESSES, (worker) =>
          repeat(PER_PROCESS, (i): WorkerCall => ({ kind: "create", input: pair(productCustom, p, `cust_${run}_${worker}_${i}`) })),
        ),
      );
      const outcomes = replies.flatMap((reply) => reply.outcomes);
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      expect(new Set(failures(outcomes).map((outcome) => (outcome.ok ? "ok" : outcome.code)))).toEqual(new Set(["CARDINALITY_VIOLATION"]));
      expect(failures(outcomes)).toHaveLength(PROCESSES * PER_PROCESS - 1);
      const winner = replies.flatMap((reply, worker) => reply.outcomes.flatMap((outcome, i) => (outcome.ok ? [`cust_${run}_${worker}_${i}`] : [])));
      expect((await rowsOf(productCustom, p)).map((row) => [row.my_custom_id, row.deleted_at])).toEqual([[winner[0], null]]);
    }, 300_000);

    it("400 creates and dismisses of 20 pairs: no error, at most one row per pair, only-created live, only-dismissed not; last shared call wins", async () => {
      const links = [productBrand, productCustom, productTag];
      // Different products per pair, so no "one" side ever sees two partners.
      const pairs = repeat(20, (i) => ({ link: links[i % links.length] as typeof productBrand, left: id("prod"), right: id(`partner${i}`) }));
      const inputOf = (n: number) => pair(pairs[n]!.link, pairs[n]!.left, pairs[n]!.right);
      const random = seededRandom(Number.parseInt(run, 36));
      const drawn = repeat(PROCESSES, () =>
        repeat(PER_PROCESS, () => ({ pair: Math.floor(random() * pairs.length), kind: random() < 0.5 ? ("create" as const) : ("dismiss" as const) })),
      );
      const replies = await workers.round(drawn.map((calls) => calls.map(({ pair: n, kind }): WorkerCall => ({ kind, input: inputOf(n) }))));
      expect(failures(replies.flatMap((reply) => reply.outcomes))).toEqual([]);
      const kindsByPair = pairs.map(
        (_, n) =>
          new Set(
            drawn
              .flat()
              .filter((call) => call.pair === n)
              .map((call) => call.kind),
          ),
      );
      const rowIds = new Map<number, unknown>();
      for (const [n, { link, left, right }] of pairs.entries()) {
        const rows = (await rowsOf(link, left)).filter((row) => row[link.right.column] === right);
        expect(rows.length, `rows of pair ${n}`).toBeLessThanOrEqual(1);
        const kinds = kindsByPair[n] as Set<string>;
        if (!kinds.has("dismiss")) expect(rows[0]?.deleted_at, `pair ${n} was only created`).toBeNull();
        if (!kinds.has("create"))
          expect(
            rows.filter((row) => row.deleted_at === null),
            `pair ${n} was only dismissed`,
          ).toEqual([]);
        if (rows[0]) rowIds.set(n, rows[0].id);
      }

      const last = pairs.map(() => (random() < 0.5 ? ("create" as const) : ("dismiss" as const)));
      const finals = await everyProcess(last.map((kind, n): WorkerCall => ({ kind, input: inputOf(n) })));
      expect(failures(finals)).toEqual([]);
      for (const [n, { link, left, right }] of pairs.entries()) {
        const rows = (await rowsOf(link, left)).filter((row) => row[link.right.column] === right);
        expect(rows.length, `rows of pair ${n}`).toBeLessThanOrEqual(1);
        expect(
          rows.some((row) => row.deleted_at === null),
          `pair ${n} ended with ${last[n]} in every process`,
        ).toBe(last[n] === "create");
        if (rowIds.has(n)) expect(rows[0]?.id, `pair ${n} keeps its row id`).toBe(rowIds.get(n));
      }
    }, 300_000);
  });

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
  }, 300_000);

  it("concurrent mixes with cascading deletes and restores end in the outcome and state of some serial order", async () => {
    const mixes = await knexUnderTest("PostgreSQL", knex, server!.subSchema("mix_cascades"), contendedSet.links);
    expect(await checkMixesSerialisable(mixes, contendedSet, ["create", "dismiss", "delete", "restore"], 25)).toBe(25);
  }, 300_000);

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
      return await knex
        .transaction((trx) => second(trx), serializable)
        .then(
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

  // At SERIALIZABLE the replace's snapshot predates the create's commit: it
  // cannot see (so cannot dismiss) the new link, and PostgreSQL reports the
  // "one" side's unique index against the committed row. That is the host's
  // isolation at work: the call fails typed, writes nothing, and run again wins.
  it("a replace racing a create of the same record at SERIALIZABLE succeeds, or fails typed with nothing written and succeeds run again", async () => {
    const remoteLink = untyped(new RemoteLink({ links: conformanceLinks, store: target.store }));
    const [p, b1, b2] = [id("prod"), id("brand"), id("brand")];
    const replace = (trx: Knex.Transaction) => remoteLink.replace({ product: { product_id: p }, brand: { brand_id: [b2] } }, { transaction: trx });
    const error = await interleave((trx) => remoteLink.create(pair(productBrand, p, b1), { transaction: trx }), replace);
    if (error !== undefined) {
      expect(error).toBeInstanceOf(CardinalityError);
      expect((await rowsOf(productBrand, p)).filter((row) => row.deleted_at === null).map((row) => row.brand_id)).toEqual([b1]);
      await knex.transaction(replace, { isolationLevel: "serializable" });
    }
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
    const live = (
      await knex.raw(`select product_id from "${server!.schema}"."${productTag.table}" where tag_id = ? and deleted_at is null order by product_id`, [tag])
    ).rows;
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
