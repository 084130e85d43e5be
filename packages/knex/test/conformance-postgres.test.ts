import { linkStoreSuite } from "@modlink/conformance";
import { describe } from "vitest";
import { knexHarness } from "./helpers/conformance-harness";
import { createTestDatabase } from "./helpers/postgres-database";

const database = await createTestDatabase();

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
