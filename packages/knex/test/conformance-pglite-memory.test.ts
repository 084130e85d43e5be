import { linkStoreSuite } from "@modlink/conformance";
import { knexHarness } from "./helpers/conformance-harness";
import { openTestPglite } from "./helpers/pglite-database";

linkStoreSuite({
  name: "knex + PGlite (memory)",
  async makeStore(links) {
    const pglite = await openTestPglite("memory");
    return knexHarness(pglite.knex, links, () => pglite.close());
  },
});
