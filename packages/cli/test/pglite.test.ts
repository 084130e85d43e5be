import { afterAll, beforeAll, describe } from "vitest";
import { commandsScenario } from "./helpers/commands-scenario";
import { SCENARIO_TIMEOUT_MS } from "./helpers/run-modlink";
import { type TestDatabase, pgliteOnDisk } from "./helpers/test-database";

// Each run of the binary opens PGlite (seconds, tens of seconds on a busy machine); a test runs up to three.
describe("modlink against PGlite on disk", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await pgliteOnDisk();
  });
  afterAll(async () => {
    await db?.close();
  });
  commandsScenario(() => db);
});
