import { linkTableOf } from "@modlink/core";
import type { Knex } from "knex";
import makeKnex from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { KnexLinkStore } from "../src";
import { asListed, freshSchema, productTag } from "./helpers/fixtures";
import { freshPostgres } from "@modlink/test-support";
import { knexStoreBehaviour } from "./helpers/store-behaviour";

const database = await freshPostgres("knex");
const knex: Knex | undefined = database?.connect();

afterAll(async () => {
  await knex?.destroy();
  await database?.drop();
});

describe.skipIf(!database)("KnexLinkStore on PostgreSQL", () => {
  knexStoreBehaviour(() => knex!);

  it("listRows reads rows of a driver set to return every value as text (a host's own type parsers) as list() shapes them", async () => {
    // `types` is handed to each pg client: every column arrives as its text.
    const asText = makeKnex({ client: "pg", connection: { connectionString: database!.url, types: { getTypeParser: () => (value: string) => value } } });
    try {
      const schema = freshSchema();
      const store = new KnexLinkStore({ knex: asText, schema });
      await store.sync([productTag]);
      const tags = linkTableOf(productTag);
      const seen = new Date("2031-05-06T07:08:09.123Z");
      await store.transaction((tx) => tx.upsertLinks(tags, [{ left: "p1", right: "t1", data: { rank: 4, views: "12", score: 0.5, seen_at: seen } }]));
      const [rows, links] = await store.transaction(async (tx) => [await (tx.listRows?.(tags, {}) ?? []), await tx.listLinks(tags, {})] as const);
      expect(rows).toStrictEqual(links.map(asListed));
      expect(rows[0]).toMatchObject({ rank: 4, views: "12", score: 0.5, seen_at: seen, deleted_at: null });
      expect(rows[0]?.created_at).toBeInstanceOf(Date);
    } finally {
      await asText.destroy();
    }
  });
});
