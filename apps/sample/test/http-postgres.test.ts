import { afterAll, describe } from "vitest";
import { httpApiSuite } from "./helpers/http-api-suite.js";
import { freshPostgres } from "@modlink/test-support";

const database = await freshPostgres("sample");

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!database)("PostgreSQL (fresh database for this file)", () => {
  httpApiSuite("PostgreSQL", () => database?.url ?? "");
});
