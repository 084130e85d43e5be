import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const appDirectory = fileURLToPath(new URL("..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** Resolves with the first stdout match of `pattern`, or rejects when the process exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, output: { text: string }): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output.text);
      if (match) resolve(match);
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => reject(new Error(`exited with ${code} before printing ${pattern}:\n${output.text}`)));
  });
}

describe("the built app (dist/)", () => {
  let dataDirectory: string;

  beforeAll(async () => {
    // Build here so the test checks the JavaScript users run, whatever ran before it.
    await run(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: appDirectory });
    dataDirectory = await mkdtemp(path.join(tmpdir(), "modlink-sample-"));
  });

  afterAll(async () => {
    if (dataDirectory) await rm(dataDirectory, { recursive: true, force: true });
  });

  it("pnpm demo (node dist/demo.js) walks through the story and exits 0", async () => {
    const { stdout } = await run(process.execPath, ["dist/demo.js"], { cwd: appDirectory, timeout: 120_000 });
    for (const expected of [
      "remoteLink.create",
      "query.graph",
      '"my_custom":{"id":"mc_gift_wrap","name":"Gift wrap","link":{"metadata":{"note":"gift"}}}',
      "WRONG_DIRECTION",
      "CARDINALITY_VIOLATION",
      "remoteLink.dismiss",
      "cascade deleted records",
      "cascade restored records",
      "Done.",
    ]) {
      expect(stdout).toContain(expected);
    }
  }, 120_000);

  it("pnpm start with a database nothing serves prints one line with the library's hint and exits 1", async () => {
    const failure = await run(process.execPath, ["dist/main.js"], {
      cwd: appDirectory,
      env: { ...process.env, PORT: "0", DATABASE_URL: "postgres://app:hunter2@127.0.0.1:1/shop" },
      timeout: 60_000,
    }).then(
      () => undefined,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toBe("");
    expect(failure?.stderr).toBe(
      "The sample app could not start: Could not use the database at postgres://app:***@127.0.0.1:1/shop: connect ECONNREFUSED 127.0.0.1:1. " +
        "Nothing accepts connections there: start PostgreSQL, or fix the host and port.\n",
    );
  }, 60_000);

  it("pnpm start (node dist/main.js) serves on PORT, on PGlite on disk, and shuts down on SIGINT", async () => {
    const output = { text: "" };
    const child = spawn(process.execPath, ["dist/main.js"], {
      cwd: appDirectory,
      env: { ...process.env, PORT: "0", DATABASE_URL: `pglite://${dataDirectory}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => (output.text += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output.text += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const [, url] = await waitForOutput(child, /listening on (http:\/\/\S+)[\s\S]*Ctrl\+C stops the server/, output);
      expect(output.text).toContain("seeded with example records");
      expect(output.text).toContain(`curl ${url}/products`);
      expect(output.text).toContain(`curl '${url}/catalog/products?fields=`);
      const response = await fetch(`${url}/products/prod_shirt`);
      expect(response.status).toBe(200);
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(output.text).toContain("Server closed, database closed.");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 120_000);
});
