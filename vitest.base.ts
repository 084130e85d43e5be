import { readFileSync } from "node:fs";
import path from "node:path";
import type { ViteUserConfig } from "vitest/config";

/**
 * Where the package's JSON report goes: next to it, or, under
 * `scripts/run-tests.mjs`, into the directory that run made for itself
 * (MODLINK_TEST_REPORTS), named after the package.
 */
function jsonReport(): string {
  const directory = process.env.MODLINK_TEST_REPORTS;
  if (!directory) return ".vitest-results.json";
  const { name } = JSON.parse(readFileSync("package.json", "utf8")) as { name: string };
  return path.join(directory, `${name}.json`);
}

/**
 * Shared test settings. Every package writes JSON results so
 * `scripts/run-tests.mjs` can add them up into CI's closing line.
 *
 * The timeouts only catch hangs: on a busy two-core machine a PGlite start
 * alone can take tens of seconds, and a test must never fail for being slow.
 */
export const vitestBase: ViteUserConfig = {
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: jsonReport() },
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
};
