import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

function newest(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}

/** Vitest global setup: runs tsup when dist/cli.js is missing or older than src/, package.json or tsup.config.ts. */
export default function buildCli(): void {
  for (const dependency of ["core", "knex"]) {
    if (!existsSync(path.join(root, "..", dependency, "dist", "index.js"))) {
      throw new Error(`@modlink/${dependency} is not built: run \`pnpm --filter @modlink/cli... build\` (turbo does this before tests).`);
    }
  }
  const built = ["dist/cli.js", "dist/index.js"].map((file) => path.join(root, file));
  const sources = ["src", "package.json", "tsup.config.ts"].map((file) => newest(path.join(root, file)));
  if (built.every((file) => existsSync(file)) && Math.min(...built.map(newest)) >= Math.max(...sources)) return;
  const tsup = createRequire(path.join(root, "package.json")).resolve("tsup/dist/cli-default.js");
  const result = spawnSync(process.execPath, [tsup], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("Building @modlink/cli with tsup failed; the tests run the built binary.");
}
