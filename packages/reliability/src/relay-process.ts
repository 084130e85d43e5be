import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { RelayChildConfig } from "./relay-child";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const childScript = fileURLToPath(new URL("./relay-child.ts", import.meta.url));

/** A relay running in a process of its own (`relay-child.ts`). */
export interface RelayProcess {
  /** SIGKILL: no cleanup of any kind in the child. Resolves once it has exited. */
  kill(): Promise<void>;
  /** Stops the relay after its batch in flight (closing stdin) and waits for the exit. */
  stop(): Promise<void>;
}

/** Starts a relay process and waits until it says "ready". */
export async function startRelayProcess(config: RelayChildConfig): Promise<RelayProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["--import", "tsx", childScript, JSON.stringify(config)], {
    cwd: packageRoot,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  if (first.done || first.value !== "ready") {
    child.kill("SIGKILL");
    await exited;
    throw new Error(`relay process ${child.pid} did not start: ${JSON.stringify(first.value)} ${stderr}`);
  }
  return {
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.stdin.end();
      await exited;
      if (child.exitCode !== 0) throw new Error(`relay process ${child.pid} exited with ${child.exitCode ?? child.signalCode}: ${stderr}`);
    },
  };
}
