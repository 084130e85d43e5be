import { afterAll, beforeAll, describe } from "vitest";
import { commandsScenario } from "./helpers/commands-scenario";
import { type TestDatabase, pgliteOnDisk } from "./helpers/test-database";

// Each run of the binary opens PGlite (seconds on a busy machine); a test runs up to three.
describe("modlink against PGlite on disk", { timeout: 120_000 }, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await pgliteOnDisk();
  });
  afterAll(async () => {
    await db?.close();
  });
  commandsScenario(() => db);
});
