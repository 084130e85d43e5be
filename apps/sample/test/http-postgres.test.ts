import { afterAll, describe } from "vitest";
import { httpApiSuite } from "./helpers/http-api-suite.js";
import { createTestDatabase } from "./helpers/postgres-database.js";

const database = await createTestDatabase();

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!database)("PostgreSQL (fresh database for this file)", () => {
  httpApiSuite("PostgreSQL", () => database?.url ?? "");
});
