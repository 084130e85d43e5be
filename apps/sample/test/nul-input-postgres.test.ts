import { afterAll, describe } from "vitest";
import { freshPostgres } from "@modlink/test-support";
import { nulInputSuite } from "./helpers/nul-input-suite.js";

const database = await freshPostgres("sample");

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!database)("PostgreSQL (fresh database for this file)", () => {
  nulInputSuite("PostgreSQL", () => database?.url ?? "");
});
