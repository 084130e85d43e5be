import { afterAll, describe } from "vitest";
import { freshPostgres } from "@modlink/test-support";
import { routeTransactionsSuite } from "./helpers/route-transactions-suite.js";

const database = await freshPostgres("sample");

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!database)("PostgreSQL (fresh database for this file)", () => {
  routeTransactionsSuite("PostgreSQL", () => database?.url ?? "");
});
