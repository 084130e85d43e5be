import {
  CREATE_SLICE,
  STREAM_SLICE,
  type LinkStore,
  type LinkStoreTransaction,
  RemoteLink,
  type TransactionOptions,
  defineLink,
  defineModule,
} from "@modlink/core";
import { describe, expect, it } from "vitest";
import { MemoryLinkStore } from "../src";

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);

const ROLLED_BACK = new Error("rolled back as a deadlock victim");

/**
 * Runs every unit of work twice, as a database store does after a deadlock:
 * the first attempt's writes are rolled back (the memory store publishes a
 * unit only when it succeeds), then the work starts again from scratch.
 */
class RetryingStore implements LinkStore {
  readonly capabilities = { outerTransaction: false };
  readonly inner = new MemoryLinkStore();
  attempts = 0;

  async transaction<T>(work: (tx: LinkStoreTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const attempt = (tx: LinkStoreTransaction) => {
      this.attempts++;
      return work(tx);
    };
    await this.inner
      .transaction(async (tx) => {
        await attempt(tx);
        throw ROLLED_BACK;
      }, options)
      .catch((error: unknown) => {
        if (error !== ROLLED_BACK) throw error;
      });
    return this.inner.transaction(attempt, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

const input = (i: number) => ({ product: { product_id: `p${i}` }, brand: { brand_id: "b1" } });
const inputs = (n: number) => Array.from({ length: n }, (_, i) => input(i));

describe("create run again by its store", () => {
  const setup = () => {
    const store = new RetryingStore();
    return { store, remoteLink: new RemoteLink({ links: [productBrand], store }) };
  };

  it("an array larger than one slice is read again from the start: every link once", async () => {
    const { store, remoteLink } = setup();
    await remoteLink.create(inputs(CREATE_SLICE + 3));
    expect(store.attempts).toBe(2);
    expect(await remoteLink.list({ brand: { brand_id: "b1" } })).toHaveLength(CREATE_SLICE + 3);
  });

  it("a stream that fits in one slice is held in memory, so it runs again", async () => {
    const { store, remoteLink } = setup();
    await remoteLink.create(
      (function* () {
        yield* inputs(3);
      })(),
    );
    expect(store.attempts).toBe(2);
    expect(await remoteLink.list({ brand: { brand_id: "b1" } })).toHaveLength(3);
  });

  it("a stream larger than one slice cannot be read again: TRANSACTION_CONFLICT, nothing written", async () => {
    const { store, remoteLink } = setup();
    const error = await remoteLink
      .create(
        (function* () {
          yield* inputs(STREAM_SLICE + 3);
        })(),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TRANSACTION_CONFLICT", message: expect.stringContaining("call create() again with a fresh iterable") });
    expect(store.attempts).toBe(2);
    expect(await remoteLink.list({ brand: { brand_id: "b1" } })).toEqual([]);
  });
});
