import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built binary, as `bin.modlink` points at it. */
export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));

/** How long one run of the binary may take before it counts as hung. */
export const RUN_LIMIT_MS = 90_000;
/** A test that runs the binary up to three times, plus a back-door query, against a database. */
export const SCENARIO_TIMEOUT_MS = 3 * RUN_LIMIT_MS + 30_000;

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node dist/cli.js ...args` as CI would: no terminal on any stream, and
 * a stdin that stays open and silent, so a prompt would hang until the timeout.
 * The timeout only catches such a hang: a run on PGlite takes seconds when
 * idle, tens of seconds on a busy machine.
 */
export function runModlink(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // The CLI must look plain because stdout is a pipe, not because we asked.
  for (const name of ["NO_COLOR", "FORCE_COLOR"]) delete env[name];
  if (!options.env?.DATABASE_URL) delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? FIXTURES, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`modlink ${args.join(" ")} did not finish in ${RUN_LIMIT_MS / 1000} s (waiting for input?)\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, RUN_LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** ESC, which starts every colour or cursor sequence. */
// eslint-disable-next-line no-control-regex -- matching the control character is the point
export const ANSI = /\u001b\[/;
