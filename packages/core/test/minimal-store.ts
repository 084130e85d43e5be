import type { LinkStore, LinkStoreTransaction } from "../src";

/**
 * A store that refuses to be used: core tests that only exercise
 * construction and input parsing need a store, never its data.
 */
export class MinimalStore implements LinkStore {
  readonly capabilities = { outerTransaction: false };

  async transaction<T>(_work: (tx: LinkStoreTransaction) => Promise<T>): Promise<T> {
    throw new Error("MinimalStore holds no data; use @modlink/memory for behaviour tests");
  }

  async close(): Promise<void> {}
}
