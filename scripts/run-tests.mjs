#!/usr/bin/env node
// Runs every workspace package's tests through turbo, then adds up vitest's
// JSON reports into the one closing line CI reads: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const REPORT = ".vitest-results.json";

function workspacePackages() {
  const dirs = [];
  for (const parent of ["packages", "apps"]) {
    const base = join(root, parent);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) dirs.push(join(base, name));
  }
  dirs.push(join(root, "bench"));
  return dirs.filter((dir) => {
    const manifest = join(dir, "package.json");
    return existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).scripts?.test;
  });
}

const packages = workspacePackages();
// Stale reports from an earlier run must never be counted.
for (const dir of packages) rmSync(join(dir, REPORT), { force: true });

const turbo = spawnSync("pnpm", ["exec", "turbo", "run", "test", "--continue", "--concurrency=3", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { TURBO_TELEMETRY_DISABLED: "1", ...process.env },
});

let passed = 0;
let failed = 0;
const missing = [];
for (const dir of packages) {
  const file = join(dir, REPORT);
  if (!existsSync(file)) {
    missing.push(dir.slice(root.length));
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // A file that fails to load reports no failed test; count it as one.
  for (const suite of report.testResults ?? []) {
    if (suite.status === "failed" && (suite.assertionResults ?? []).every((a) => a.status !== "failed")) failed += 1;
  }
}
if (missing.length > 0) {
  console.error(`No test report from: ${missing.join(", ")}`);
  failed += missing.length;
}
if (turbo.status !== 0 && failed === 0) failed = 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || turbo.status !== 0 ? 1 : 0);
