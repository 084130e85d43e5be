import { afterAll, describe } from "vitest";
import { createTestDatabase } from "./helpers/postgres-database.js";
import { routeTransactionsSuite } from "./helpers/route-transactions-suite.js";

const database = await createTestDatabase();

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!database)("PostgreSQL (fresh database for this file)", () => {
  routeTransactionsSuite("PostgreSQL", () => database?.url ?? "");
});
