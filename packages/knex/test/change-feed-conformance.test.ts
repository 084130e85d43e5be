import { changeFeedSuite } from "@modlink/conformance";
import { freshPostgres } from "@modlink/test-support";
import { describe } from "vitest";
import { knexHarness } from "./helpers/conformance-harness";
import { openTestPglite } from "./helpers/pglite-database";

changeFeedSuite({
  name: "knex + PGlite",
  async makeStore(links) {
    const pglite = await openTestPglite("memory");
    return knexHarness(pglite.knex, links, () => pglite.close(), { changeFeed: true });
  },
});

const database = await freshPostgres("knex_feed");

describe.skipIf(!database)("PostgreSQL", () => {
  changeFeedSuite({
    name: "knex + PostgreSQL",
    async makeStore(links) {
      const knex = database!.connect();
      return knexHarness(
        knex,
        links,
        async () => {
          await knex.destroy();
          await database!.drop();
        },
        { changeFeed: true },
      );
    },
  });
});
