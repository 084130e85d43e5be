import type { ViteUserConfig } from "vitest/config";

/**
 * Shared test settings. Every package writes JSON results next to itself so
 * `scripts/run-tests.mjs` can add them up into CI's closing line.
 */
export const vitestBase: ViteUserConfig = {
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
};
