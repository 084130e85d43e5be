import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { WorkerCall } from "./worker-calls";
import type { WorkerConfig, WorkerReply } from "./worker-child";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const childScript = fileURLToPath(new URL("./worker-child.ts", import.meta.url));

/** Separate Node processes, each with its own pool and RemoteLink, released in step. */
export interface Workers {
  /**
   * Sends each process its calls at once (`calls[i]` to process i, none to
   * processes past the array) and returns the replies of those that got calls.
   */
  round(calls: readonly (readonly WorkerCall[])[]): Promise<WorkerReply[]>;
  stop(): Promise<void>;
}

class Worker {
  readonly #process: ChildProcessWithoutNullStreams;
  readonly #lines: AsyncIterator<string>;
  #stderr = "";

  constructor(config: WorkerConfig) {
    this.#process = spawn(process.execPath, ["--import", "tsx", childScript, JSON.stringify(config)], { cwd: packageRoot, stdio: ["pipe", "pipe", "pipe"] });
    this.#process.stderr.on("data", (chunk: Buffer) => {
      this.#stderr += chunk.toString();
    });
    this.#lines = createInterface({ input: this.#process.stdout })[Symbol.asyncIterator]();
  }

  async nextLine(): Promise<string> {
    const next = await this.#lines.next();
    if (next.done) throw new Error(`worker process ${this.#process.pid} ended early: ${this.#stderr}`);
    return next.value;
  }

  send(line: string): void {
    this.#process.stdin.write(`${line}\n`);
  }

  async stop(): Promise<void> {
    if (this.#process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#process.once("exit", resolve));
    this.#process.stdin.end();
    await exited;
  }
}

/** Starts `processes` workers and waits until every one has its pool open. */
export async function spawnWorkers(processes: number, config: WorkerConfig): Promise<Workers> {
  const workers = Array.from({ length: processes }, () => new Worker(config));
  try {
    await Promise.all(workers.map(async (worker) => expectLine(await worker.nextLine(), "ready")));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.stop()));
    throw error;
  }
  return {
    async round(calls) {
      if (calls.length > workers.length) throw new Error(`${calls.length} call lists for ${workers.length} workers`);
      const busy = workers.slice(0, calls.length);
      busy.forEach((worker, i) => worker.send(JSON.stringify({ calls: calls[i] })));
      return Promise.all(busy.map(async (worker) => JSON.parse(await worker.nextLine()) as WorkerReply));
    },
    async stop() {
      await Promise.all(workers.map((worker) => worker.stop()));
    },
  };
}

function expectLine(line: string, wanted: string): void {
  if (line !== wanted) throw new Error(`worker process said ${JSON.stringify(line)}, expected ${JSON.stringify(wanted)}`);
}
