import { linkStoreSuite } from "@modlink/conformance";
import { describe } from "vitest";
import { knexHarness } from "./helpers/conformance-harness";
import { freshPostgres } from "@modlink/test-support";

const database = await freshPostgres("knex");

describe.skipIf(!database)("PostgreSQL", () => {
  linkStoreSuite({
    name: "knex + PostgreSQL",
    async makeStore(links) {
      const knex = database!.connect();
      return knexHarness(knex, links, async () => {
        await knex.destroy();
        await database!.drop();
      });
    },
  });
});
