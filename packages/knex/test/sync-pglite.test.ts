import { afterAll, describe } from "vitest";
import { openTestPglite } from "./helpers/pglite-database";
import { syncBehaviour } from "./helpers/sync-behaviour";

const pglite = await openTestPglite("memory");
afterAll(() => pglite.close());

describe("syncLinkTables on PGlite", () => {
  syncBehaviour(() => pglite.knex);
});
