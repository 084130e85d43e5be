import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freshPostgres } from "@modlink/test-support";
import { afterAll, describe, expect, it } from "vitest";

/*
 * The runnable examples of docs/getting-started.md, run as a reader runs
 * them (node, from the repository's root, against the built packages), so
 * the page cannot drift from what works.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../..", import.meta.url));
const database = await freshPostgres("docs_examples");
afterAll(() => database?.drop());

const example = (name: string, env: Record<string, string> = {}) =>
  run(process.execPath, [`docs/examples/${name}`], { cwd: root, env: { ...process.env, ...env }, timeout: 120_000 });

describe("docs/examples", () => {
  it("1-in-memory.mjs links, cascades and restores in memory", async () => {
    const { stdout, stderr } = await example("1-in-memory.mjs");
    expect(stderr).toBe("");
    expect(stdout).toBe(
      "created: created prod_1 -> brand_acme\n" +
        'cascade deleted: {"product":{"product_id":["prod_1"]}} product deleted: true\n' +
        "restored, product deleted: false links: 1\n",
    );
  }, 120_000);

  const expected = 'query: [{"id":"brand_acme","name":"Acme","products":[{"id":"prod_1","title":"Shirt"}]}]\n' + "cascade deleted the product: true\n";

  it("2-pglite.mjs queries and cascades over real tables on PGlite", async () => {
    const { stdout, stderr } = await example("2-pglite.mjs");
    expect([stdout, stderr]).toEqual([expected, ""]);
  }, 120_000);

  it.skipIf(!database)(
    "2-pglite.mjs does the same on PostgreSQL with DATABASE_URL",
    async () => {
      const { stdout, stderr } = await example("2-pglite.mjs", { DATABASE_URL: (database as NonNullable<typeof database>).url });
      expect([stdout, stderr]).toEqual([expected, ""]);
    },
    120_000,
  );
});
