import { CardinalityError } from "@modlink/core";
import { describe, expect, it } from "vitest";
import { productBrand, productTag } from "./fixtures";
import { type LinkStoreHarness, type LinkStoreSuiteOptions, useSuiteContext } from "./suite-context";

/** A harness whose store can join a transaction the host opened in the same database. */
export interface HostTransactionHarness extends LinkStoreHarness {
  /**
   * Opens a transaction of the host's own (a knex `trx` for SQL stores),
   * hands its handle to `work`, commits when `work` resolves and rolls back
   * when it throws (rethrowing).
   */
  inHostTransaction<T>(work: (handle: unknown) => Promise<T>): Promise<T>;
}

export interface HostTransactionSuiteOptions {
  /** Shown in test names. */
  readonly name: string;
  /** A fresh store whose tables exist for these links, and a way to open the host's transactions. */
  makeStore(links: Parameters<LinkStoreSuiteOptions["makeStore"]>[0]): Promise<HostTransactionHarness>;
}

/**
 * The capability suite of stores that declare `capabilities.outerTransaction`:
 * `RemoteLink` calls given `{ transaction }` commit and roll back with the
 * host's transaction, and a call that fails inside it undoes only its own
 * part, leaving the host's transaction usable.
 *
 * @example
 * hostTransactionSuite({ name: "pglite", makeStore: async (links) => ({ ...(await harness(links)), inHostTransaction: (work) => knex.transaction(work) }) })
 */
export function hostTransactionSuite(options: HostTransactionSuiteOptions): void {
  describe(`LinkStore host transactions: ${options.name}`, () => {
    let harness: HostTransactionHarness | undefined;
    const ctx = useSuiteContext({
      name: options.name,
      makeStore: async (links) => (harness = await options.makeStore(links)),
    });
    const host = () => harness as HostTransactionHarness;
    const rolledBack = new Error("the host rolls back");

    it("declares the capability", () => {
      expect(ctx.store.capabilities.outerTransaction).toBe(true);
    });

    it("links created inside the host's transaction appear when it commits, and never when it rolls back", async () => {
      const kept = ctx.id("p");
      const dropped = ctx.id("p");
      const tag = ctx.id("t");
      await host().inHostTransaction((transaction) => ctx.remoteLink.create({ product: { product_id: kept }, tag: { tag_id: tag } }, { transaction }));
      const failed = host().inHostTransaction(async (transaction) => {
        await ctx.remoteLink.create({ product: { product_id: dropped }, tag: { tag_id: tag } }, { transaction });
        throw rolledBack;
      });
      await expect(failed).rejects.toBe(rolledBack);
      expect((await ctx.rows(productTag, [kept, dropped])).map((row) => row.left)).toEqual([kept]);
    });

    it("a dismiss inside a host transaction that rolls back leaves the link live", async () => {
      const product = ctx.id("p");
      const tag = ctx.id("t");
      const pair = { product: { product_id: product }, tag: { tag_id: tag } };
      await ctx.remoteLink.create(pair);
      await expect(
        host().inHostTransaction(async (transaction) => {
          await ctx.remoteLink.dismiss(pair, { transaction });
          throw rolledBack;
        }),
      ).rejects.toBe(rolledBack);
      expect(await ctx.remoteLink.list({ product: { product_id: product }, tag: {} })).toHaveLength(1);
    });

    it("a call that fails inside the host's transaction undoes only its own part: the host goes on and commits the rest", async () => {
      const product = ctx.id("p");
      const first = ctx.id("b");
      const second = ctx.id("b");
      const tag = ctx.id("t");
      await host().inHostTransaction(async (transaction) => {
        await ctx.remoteLink.create({ product: { product_id: product }, brand: { brand_id: first } }, { transaction });
        // The product's one brand is taken: this call fails, alone.
        const clash = ctx.remoteLink.create(
          [
            { product: { product_id: product }, tag: { tag_id: tag } },
            { product: { product_id: product }, brand: { brand_id: second } },
          ],
          { transaction },
        );
        await expect(clash).rejects.toBeInstanceOf(CardinalityError);
        await ctx.remoteLink.create({ product: { product_id: product }, tag: { tag_id: tag } }, { transaction });
      });
      const brands = await ctx.rows(productBrand, [product]);
      expect(brands.map((row) => [row.right, row.deletedAt === null])).toEqual([[first, true]]);
      expect((await ctx.rows(productTag, [product])).map((row) => row.right)).toEqual([tag]);
    });
  });
}
