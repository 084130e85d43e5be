#!/usr/bin/env node
// Runs every workspace package's tests through turbo, then adds up vitest's
// JSON reports into the one closing line CI reads, printed last of all:
// "N passed, N failed, N skipped". The exit code is 1 when anything failed.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
// Two test tasks at a time on this project's two-core machines: measured, two
// already keep both cores busy (PGlite's WebAssembly, the PostgreSQL server,
// the CLI's child processes), so a third only makes every test slower.
const CONCURRENCY = 2;
// pnpm 12 hands a script the "--" of `pnpm test -- --filter=x` verbatim.
const args = process.argv[2] === "--" ? process.argv.slice(3) : process.argv.slice(2);
// A fresh directory for this run's reports (see vitest.base.ts): a `vitest run`
// started by hand in the same checkout cannot overwrite what is counted here.
const reports = mkdtempSync(join(tmpdir(), "modlink-test-reports-"));
const env = { TURBO_TELEMETRY_DISABLED: "1", ...process.env, MODLINK_TEST_REPORTS: reports };
const turboBin = join(root, "node_modules", ".bin", "turbo");

/** The packages (name and directory) whose `test` task turbo will run, with the same arguments. */
function testedPackages() {
  const dry = spawnSync(turboBin, ["run", "test", "--dry=json", ...args], { cwd: root, env, encoding: "utf8" });
  if (dry.status !== 0) throw new Error(`turbo could not plan the test run:\n${dry.stderr}`);
  return JSON.parse(dry.stdout)
    .tasks.filter((task) => task.task === "test" && task.command !== "<NONEXISTENT>")
    .map((task) => ({ name: task.package, directory: task.directory }));
}

const TEST_STATES = { passed: "passed", failed: "failed", skipped: "skipped", pending: "skipped", todo: "skipped", disabled: "skipped" };

/**
 * One test file of a vitest JSON report. In a file whose status is failed (a
 * hook threw or timed out, or the file did not load) a test that did not pass
 * counts as failed, never as skipped, and such a file counts at least one failure.
 */
function countFile(file) {
  const fileFailed = file.status !== "passed";
  const tally = { passed: 0, failed: 0, skipped: 0 };
  for (const test of file.assertionResults ?? []) {
    const state = TEST_STATES[test.status] ?? "failed";
    tally[state === "skipped" && fileFailed ? "failed" : state] += 1;
  }
  if (fileFailed && tally.failed === 0) tally.failed = 1;
  return tally;
}

/** Test counts of one package, or a note saying why its report cannot be read. */
function countPackage({ name, directory }) {
  const file = join(reports, `${name}.json`);
  if (!existsSync(file)) return { problem: `${directory}: no test report` };
  let report;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { problem: `${directory}: unreadable test report (${error.message})` };
  }
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const testFile of report.testResults ?? []) {
    const tally = countFile(testFile);
    for (const key of Object.keys(total)) total[key] += tally[key];
  }
  return { total };
}

/**
 * Under `pnpm test`, pnpm 12 writes "[ELIFECYCLE] Test failed. See above for
 * more details." to stderr after a failing script exits, whatever its settings
 * say. So a small detached process, started now, takes the closing line on its
 * stdin and prints it once pnpm has exited: the line stays last, the exit code
 * stays pnpm's. Returns undefined when not run by pnpm (or not on Linux).
 */
function startCloser() {
  const pnpm = pnpmAncestor();
  if (pnpm === undefined) return undefined;
  const waitThenPrint = `
    const { readFileSync } = require("node:fs");
    const exited = () => { try { return readFileSync("/proc/${pnpm}/stat", "utf8").split(") ")[1][0] === "Z"; } catch { return true; } };
    let line = "";
    process.stdin.setEncoding("utf8").on("data", (chunk) => (line += chunk)).on("end", () => {
      if (!line) return;
      const deadline = Date.now() + 10000;
      const poll = () => (exited() || Date.now() > deadline ? process.stdout.write(line) : setTimeout(poll, 2));
      poll();
    });`;
  const closer = spawn(process.execPath, ["-e", waitThenPrint], { detached: true, stdio: ["pipe", "inherit", "inherit"] });
  closer.unref();
  return closer;
}

/** The pid of the pnpm process running this script as a package script, if any. */
function pnpmAncestor() {
  if (!process.env.npm_execpath || !existsSync("/proc/self/stat")) return undefined;
  const sameFile = (a, b) => a.dev === b.dev && a.ino === b.ino;
  try {
    const pnpm = statSync(process.env.npm_execpath);
    for (let pid = process.ppid, depth = 0; pid > 1 && depth < 4; depth += 1) {
      if (sameFile(statSync(`/proc/${pid}/exe`), pnpm)) return pid;
      pid = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
    }
  } catch {
    // An ancestor we may not inspect: print the line ourselves.
  }
  return undefined;
}

const closer = startCloser();
let packages = [];
let planError;
try {
  packages = testedPackages();
} catch (error) {
  planError = error;
}
const turbo = planError
  ? { status: 1 }
  : spawnSync(turboBin, ["run", "test", "--continue", `--concurrency=${CONCURRENCY}`, ...args], { cwd: root, stdio: "inherit", env });

const total = { passed: 0, failed: 0, skipped: 0 };
const problems = planError ? [planError.message] : [];
for (const testedPackage of packages) {
  const counted = countPackage(testedPackage);
  if (counted.problem) {
    problems.push(counted.problem);
    total.failed += 1;
    continue;
  }
  for (const key of Object.keys(total)) total[key] += counted.total[key];
}
rmSync(reports, { recursive: true, force: true });
for (const problem of problems) console.error(problem);
if (turbo.status !== 0 && total.failed === 0) total.failed = 1;

const failed = total.failed > 0;
const closing = `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
if (closer && failed) {
  closer.stdin.end(`${closing}\n`);
} else {
  closer?.stdin.end();
  console.log(closing);
}
process.exitCode = failed ? 1 : 0;
