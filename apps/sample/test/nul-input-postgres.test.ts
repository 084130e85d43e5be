import { afterAll, describe } from "vitest";
import { createTestDatabase } from "./helpers/postgres-database.js";
import { nulInputSuite } from "./helpers/nul-input-suite.js";

const database = await createTestDatabase();

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!database)("PostgreSQL (fresh database for this file)", () => {
  nulInputSuite("PostgreSQL", () => database?.url ?? "");
});
