import type { LinkStoreTransaction, LinkTable } from "@modlink/core";
import type { Knex } from "knex";
import { beforeEach } from "vitest";
import { KnexLinkStore } from "../../src";
import { freshSchema, orderCustomer, productBrand, productTag } from "./fixtures";

/** The store a test uses, in a schema of its own; replaced before each test. */
export interface FreshStore {
  readonly store: KnexLinkStore;
  readonly schema: string;
  /** Runs `work` as one unit of work on the store. */
  run<T>(work: (tx: LinkStoreTransaction) => Promise<T>): Promise<T>;
  /** Every row of a link table as stored, by id. */
  rawRows(table: LinkTable): Promise<Record<string, unknown>[]>;
}

/** Registers a `beforeEach` giving each test a new schema with the fixture links synced, and a store on it. */
export function storeInFreshSchema(getKnex: () => Knex): FreshStore {
  let store: KnexLinkStore | undefined;
  let schema: string | undefined;
  beforeEach(async () => {
    schema = freshSchema();
    store = new KnexLinkStore({ knex: getKnex(), schema });
    await store.sync([productBrand, productTag, orderCustomer]);
  });
  const current = {
    get store(): KnexLinkStore {
      if (!store) throw new Error("the store exists inside tests only");
      return store;
    },
    get schema(): string {
      if (!schema) throw new Error("the schema exists inside tests only");
      return schema;
    },
    run: <T>(work: (tx: LinkStoreTransaction) => Promise<T>) => current.store.transaction(work),
    rawRows: async (table: LinkTable) =>
      (await getKnex().raw(`select * from "${current.schema}"."${table.name}" order by id`)).rows as Record<string, unknown>[],
  };
  return current;
}
