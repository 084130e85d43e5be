import { linkStoreSuite } from "@modlink/conformance";
import { knexHarness } from "./helpers/conformance-harness";
import { openTestPglite } from "./helpers/pglite-database";

linkStoreSuite({
  name: "knex + PGlite (disk)",
  async makeStore(links) {
    const pglite = await openTestPglite("disk");
    return knexHarness(pglite.knex, links, () => pglite.close());
  },
});
