import type { AnyLinkDefinition } from "@modlink/core";
import type { LinkStoreHarness } from "@modlink/conformance";
import type { Knex } from "knex";
import { KnexLinkStore } from "../../src";
import { freshSchema } from "./fixtures";

/** A synced store in a fresh schema, with raw rows read straight from the tables. */
export async function knexHarness(knex: Knex, links: readonly AnyLinkDefinition[], close: () => Promise<void>): Promise<LinkStoreHarness> {
  const schema = freshSchema("conf");
  const store = new KnexLinkStore({ knex, schema });
  await store.sync(links);
  return {
    store,
    rawRows: async (table) => (await knex.raw(`select * from "${schema}"."${table.name}"`)).rows,
    close,
  };
}
