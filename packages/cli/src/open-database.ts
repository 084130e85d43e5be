import { LinkStoreError } from "@modlink/core";
import { createKnex, maskPassword, parseConnectionUrl } from "@modlink/knex";
import type { Knex } from "knex";
import { CliError } from "./cli-error";
import type { ResolvedConfig } from "./resolve-config";

/** An open database and how to name it in output (password masked). */
export interface Database {
  readonly knex: Knex;
  readonly label: string;
}

/**
 * Connects to the config's database, checks the connection, runs `work` and
 * always disconnects (PGlite flushes to disk on close).
 *
 * @example const plan = await withDatabase(config, (db) => syncLinkTables(db.knex, config.links, { dryRun: true }))
 * @throws CliError MISSING_DATABASE_URL; LinkStoreError CONNECTION_FAILED naming the URL.
 */
export async function withDatabase<T>(config: ResolvedConfig, work: (db: Database) => Promise<T>): Promise<T> {
  if (config.database === undefined) {
    throw new CliError(
      "MISSING_DATABASE_URL",
      `No database to use: set DATABASE_URL, or databaseUrl in ${config.file} (postgres://user:password@host:5432/db or pglite://./dir).`,
    );
  }
  const label = labelOf(config.database.url);
  const knex = await createKnex(config.database.url);
  quietConnectionWarnings(knex);
  try {
    try {
      await knex.raw("select 1");
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new LinkStoreError(
        "CONNECTION_FAILED",
        `Could not connect to ${label} (from ${config.database.source === "DATABASE_URL" ? "DATABASE_URL" : config.file}): ${reason}`,
        {
          cause: error,
        },
      );
    }
    return await work({ knex, label });
  } finally {
    await knex.destroy();
  }
}

/** The URL without its password; a PGlite directory made absolute, so it is clear which one was used. */
function labelOf(url: string): string {
  const target = parseConnectionUrl(url);
  if (target.kind === "pglite-disk") return `pglite://${target.directory}`;
  return target.kind === "pglite-memory" ? "pglite://memory" : maskPassword(target.url);
}

/**
 * knex logs every failed connection attempt with its stack to the console;
 * the failure also reaches us as an error, which we report once, without a
 * stack unless --verbose. Other warnings still go through.
 */
function quietConnectionWarnings(knex: Knex): void {
  const logger = (knex.client as { logger?: { warn?: (message: unknown) => void } }).logger;
  const warn = logger?.warn?.bind(logger);
  if (logger === undefined || warn === undefined) return;
  logger.warn = (message) => {
    if (typeof message === "string" && message.startsWith("Acquire connection error")) return;
    warn(message);
  };
}
