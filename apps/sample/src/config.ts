import path from "node:path";
import { fileURLToPath } from "node:url";

/** How the sample app runs, read once from the environment. */
export interface AppConfig {
  /** `postgres://...` when DATABASE_URL is set, else PGlite on disk under the app folder. */
  readonly databaseUrl: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
}

/** The app folder (apps/sample), whether running from src/ or dist/. */
const appDirectory = fileURLToPath(new URL("..", import.meta.url));

/** PGlite on disk in `apps/sample/.data`, wherever the process was started from. */
export const DEFAULT_DATABASE_URL = `pglite://${path.join(appDirectory, ".data")}`;

/**
 * Reads DATABASE_URL, PORT (default 3000; 0 = a free port) and HOST
 * (default 127.0.0.1).
 *
 * @example readConfig({ PORT: "0" }) // { databaseUrl: "pglite:///.../apps/sample/.data", port: 0, host: "127.0.0.1" }
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = env.PORT === undefined || env.PORT === "" ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer from 0 to 65535 (0 picks a free port), got ${JSON.stringify(env.PORT)}.`);
  }
  return Object.freeze({
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    port,
    host: env.HOST || "127.0.0.1",
  });
}
