import { afterAll, describe } from "vitest";
import { commandsScenario } from "./helpers/commands-scenario";
import { feedScenario } from "./helpers/feed-scenario";
import { SCENARIO_TIMEOUT_MS } from "./helpers/run-modlink";
import { freshPostgres } from "./helpers/test-database";

const db = await freshPostgres();
const feedDb = await freshPostgres();

describe.skipIf(db === undefined)("modlink against PostgreSQL", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  afterAll(async () => {
    await db?.close();
  });
  commandsScenario(() => db!);
});

describe.skipIf(feedDb === undefined)("modlink feed prune against PostgreSQL", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  afterAll(async () => {
    await feedDb?.close();
  });
  feedScenario(() => feedDb!);
});
