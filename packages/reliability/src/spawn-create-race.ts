import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { CreateRaceConfig, CreateRaceRound } from "./create-race-child";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const childScript = fileURLToPath(new URL("./create-race-child.ts", import.meta.url));

/** Separate Node processes, each with its own pool, started and released in step. */
export interface CreateRace {
  /** Sends "go" to every process at once and returns each one's round. */
  round(): Promise<CreateRaceRound[]>;
  stop(): Promise<void>;
}

class Child {
  readonly #process: ChildProcessWithoutNullStreams;
  readonly #lines: AsyncIterator<string>;
  #stderr = "";

  constructor(config: CreateRaceConfig) {
    this.#process = spawn(process.execPath, ["--import", "tsx", childScript, JSON.stringify(config)], { cwd: packageRoot, stdio: ["pipe", "pipe", "pipe"] });
    this.#process.stderr.on("data", (chunk: Buffer) => {
      this.#stderr += chunk.toString();
    });
    this.#lines = createInterface({ input: this.#process.stdout })[Symbol.asyncIterator]();
  }

  async nextLine(): Promise<string> {
    const next = await this.#lines.next();
    if (next.done) throw new Error(`race process ${this.#process.pid} ended early: ${this.#stderr}`);
    return next.value;
  }

  send(line: string): void {
    this.#process.stdin.write(`${line}\n`);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.#process.once("exit", resolve));
    this.#process.stdin.end();
    await exited;
  }
}

/** Starts `processes` children and waits until every one has its pool open. */
export async function spawnCreateRace(processes: number, config: CreateRaceConfig): Promise<CreateRace> {
  const children = Array.from({ length: processes }, () => new Child(config));
  await Promise.all(children.map(async (child) => expectLine(await child.nextLine(), "ready")));
  return {
    async round() {
      for (const child of children) child.send("go");
      return Promise.all(children.map(async (child) => JSON.parse(await child.nextLine()) as CreateRaceRound));
    },
    async stop() {
      await Promise.all(children.map((child) => child.stop()));
    },
  };
}

function expectLine(line: string, wanted: string): void {
  if (line !== wanted) throw new Error(`race process said ${JSON.stringify(line)}, expected ${JSON.stringify(wanted)}`);
}
