import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { locationIn } from "./error-location";
import { CliError } from "./cli-error";
import { isLinkError } from "./describe-error";
import { type ResolvedConfig, resolveConfig } from "./resolve-config";

/** Looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = ["modlink.config.ts", "modlink.config.mts", "modlink.config.js", "modlink.config.mjs"] as const;

const TYPESCRIPT = /\.[cm]?ts$/;

/** Where to look, and the environment whose `DATABASE_URL` overrides the file. */
export interface LoadConfigOptions {
  /** `--config`, relative to `cwd`. */
  readonly file?: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Finds, imports (TypeScript through tsx) and checks the config file.
 *
 * @example const config = await loadConfig({ cwd: process.cwd(), env: process.env })
 * @throws CliError CONFIG_NOT_FOUND / INVALID_CONFIG, or the LinkError a definition raised.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const file = findConfigFile(options);
  const exported = await importDefault(file);
  return resolveConfig(exported, { file, env: options.env });
}

function findConfigFile({ file, cwd }: LoadConfigOptions): string {
  if (file !== undefined) {
    const absolute = path.resolve(cwd, file);
    if (!existsSync(absolute)) throw new CliError("CONFIG_NOT_FOUND", `Config file ${absolute} (from --config ${file}) does not exist.`);
    return absolute;
  }
  const found = CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new CliError(
      "CONFIG_NOT_FOUND",
      `No ${CONFIG_FILE_NAMES.join(", ")} in ${cwd}. Create one that does \`export default defineConfig({ links: [...] })\`, or pass --config <file>.`,
    );
  }
  return found;
}

async function importDefault(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  let loaded: Record<string, unknown>;
  try {
    if (TYPESCRIPT.test(file)) {
      const { tsImport } = await import("tsx/esm/api");
      loaded = (await tsImport(url, { parentURL: url })) as Record<string, unknown>;
    } else {
      loaded = (await import(url)) as Record<string, unknown>;
    }
  } catch (error) {
    // A defineLink or defineModule that throws while the file loads says best what is wrong.
    if (isLinkError(error)) throw error;
    const where = locationIn(error, file) ?? file;
    throw new CliError("INVALID_CONFIG", `Could not load ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return unwrapDefault(loaded.default, file);
}

/** A TypeScript file compiled as CommonJS comes back as `{ default: { default: config } }`. */
function unwrapDefault(value: unknown, file: string): unknown {
  if (value === undefined) {
    throw new CliError("INVALID_CONFIG", `${file} has no default export. End it with \`export default defineConfig({ links: [...] })\`.`);
  }
  if (typeof value !== "object" || value === null) return value;
  const inner = (value as { default?: unknown }).default;
  return inner !== undefined && !("links" in value) ? inner : value;
}
