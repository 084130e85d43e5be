import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Knex } from "knex";
import { createKnex } from "../../src";

/** One PGlite database shared by a test file (opening one costs seconds and hundreds of MB). */
export interface TestPglite {
  readonly url: string;
  readonly knex: Knex;
  close(): Promise<void>;
}

/** PGlite in memory, or on disk in a temporary directory removed by `close`. */
export async function openTestPglite(where: "memory" | "disk"): Promise<TestPglite> {
  const directory = where === "disk" ? await mkdtemp(path.join(tmpdir(), "modlink-pglite-")) : undefined;
  const url = directory ? `pglite://${directory}` : "pglite://memory";
  const knex = await createKnex(url);
  // PGlite starts on the first query: pay that here, not inside the file's first test.
  await knex.raw("select 1");
  return {
    url,
    knex,
    close: async () => {
      await knex.destroy();
      if (directory) await rm(directory, { recursive: true, force: true });
    },
  };
}
