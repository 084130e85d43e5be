import { afterAll, describe } from "vitest";
import { commandsScenario } from "./helpers/commands-scenario";
import { freshPostgres } from "./helpers/test-database";

const db = await freshPostgres();

describe.skipIf(db === undefined)("modlink against PostgreSQL", { timeout: 120_000 }, () => {
  afterAll(async () => {
    await db?.close();
  });
  commandsScenario(() => db!);
});
