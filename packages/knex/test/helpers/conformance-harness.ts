import type { AnyLinkDefinition } from "@modlink/core";
import { type LinkStoreHarness, sqlRowState } from "@modlink/conformance";
import type { Knex } from "knex";
import { KnexLinkStore } from "../../src";
import { freshSchema } from "./fixtures";

/** A synced store in a fresh schema, with its rows read straight from the tables. */
export async function knexHarness(
  knex: Knex,
  links: readonly AnyLinkDefinition[],
  close: () => Promise<void>,
  options: { readonly changeFeed?: boolean } = {},
): Promise<LinkStoreHarness> {
  const schema = freshSchema("conf");
  const store = new KnexLinkStore({ knex, schema, changeFeed: options.changeFeed === true });
  await store.sync(links);
  return {
    store,
    storedRows: async (table) => (await knex.withSchema(schema).select("*").from(table.name)).map((row: Record<string, unknown>) => sqlRowState(table, row)),
    close,
  };
}
