import { afterAll, describe } from "vitest";
import { openTestPglite } from "./helpers/pglite-database";
import { knexStoreBehaviour } from "./helpers/store-behaviour";

const pglite = await openTestPglite("disk");
afterAll(() => pglite.close());

describe("KnexLinkStore on PGlite (disk)", () => {
  knexStoreBehaviour(() => pglite.knex);
});
