import { afterAll, describe } from "vitest";
import { openTestPglite } from "./helpers/pglite-database";
import { knexStoreBehaviour } from "./helpers/store-behaviour";

const pglite = await openTestPglite("memory");
afterAll(() => pglite.close());

describe("KnexLinkStore on PGlite (memory)", () => {
  knexStoreBehaviour(() => pglite.knex);
});
