import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

/**
 * Where in `file` loading it failed, as `file:line` or `file:line:column`,
 * when the error does not say already: a thrown error's stack frame in the
 * file, or, for a JavaScript syntax error (whose stack names no place),
 * what `node --check` reports. Undefined when neither tells.
 *
 * @example locationIn(new ReferenceError("x is not defined"), "/app/modlink.config.mjs") // "/app/modlink.config.mjs:3:6"
 */
export function locationIn(error: unknown, file: string): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes(file)) return undefined;
  const stack = error instanceof Error ? String(error.stack ?? "") : "";
  for (const name of [pathToFileURL(file).href, file]) {
    const at = new RegExp(`${escapeRegExp(name)}:(\\d+)(?::(\\d+))?`).exec(stack);
    if (at) return `${file}:${at[1]}${at[2] === undefined ? "" : `:${at[2]}`}`;
  }
  if (error instanceof SyntaxError && /\.[cm]?js$/.test(file)) {
    // Bounded: one parse of the file, no code run.
    const check = spawnSync(process.execPath, ["--check", file], { encoding: "utf8", timeout: 10_000 });
    const line = new RegExp(`^${escapeRegExp(file)}:(\\d+)`, "m").exec(check.stderr ?? "");
    if (line) return `${file}:${line[1]}`;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
