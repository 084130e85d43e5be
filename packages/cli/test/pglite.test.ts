import { afterAll, beforeAll, describe } from "vitest";
import { commandsScenario } from "./helpers/commands-scenario";
import { feedScenario } from "./helpers/feed-scenario";
import { SCENARIO_TIMEOUT_MS } from "./helpers/run-modlink";
import { type TestDatabase, pgliteOnDisk } from "./helpers/test-database";

/** A describe with a PGlite database of its own, made before its tests and removed after. */
function onPglite(name: string, scenario: (getDb: () => TestDatabase) => void): void {
  // Each run of the binary opens PGlite (seconds, tens of seconds on a busy machine); a test runs up to three.
  describe(name, { timeout: SCENARIO_TIMEOUT_MS }, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await pgliteOnDisk();
    });
    afterAll(async () => {
      await db?.close();
    });
    scenario(() => db);
  });
}

onPglite("modlink against PGlite on disk", commandsScenario);
onPglite("modlink feed prune against PGlite on disk", feedScenario);
