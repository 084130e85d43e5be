import { RESERVED_TABLE_PREFIX } from "@modlink/core";
import { CHANGE_FEED_TABLES, tablesNamedWith } from "@modlink/knex";
import type { Knex } from "knex";

/**
 * The feed tables `schema` lacks, read from the catalog: a database synced
 * before a release that added one lacks only that one.
 *
 * @example await missingFeedTables(knex, "public") // ["modlink_feed_consumers"]
 */
export async function missingFeedTables(knex: Knex, schema: string): Promise<string[]> {
  const present = new Set(await tablesNamedWith(knex, schema, RESERVED_TABLE_PREFIX));
  return CHANGE_FEED_TABLES.filter((table) => !present.has(table));
}
