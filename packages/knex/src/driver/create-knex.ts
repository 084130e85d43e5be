import { LinkStoreError } from "@modlink/core";
import type { Knex } from "knex";
import makeKnex from "knex";
import { type ConnectionTarget, describeTarget, parseConnectionUrl } from "./connection-url";
import { parseTimestamp } from "./parse-timestamp";

/**
 * A knex instance for a storage URL, so one setting switches storage:
 * `postgres://user:pw@host:5432/db` (driver `pg`), `pglite://memory`,
 * `pglite://./dir` or `pglite:///abs/dir` (PGlite on disk, via `knex-pglite`).
 * Drivers are optional peer dependencies, loaded only when a URL needs them.
 * PGlite returns int8 as strings and timestamps as Dates of the right year
 * (1-99 included), read exactly as `pg` reads them, so both give the same values.
 *
 * @example
 * const knex = await createKnex(process.env.DATABASE_URL ?? "pglite://./.modlink-data")
 */
export async function createKnex(url: string): Promise<Knex> {
  const target = parseConnectionUrl(url);
  if (target.kind === "postgres") {
    await loadDriver(target, "pg", () => import("pg"));
    return makeKnex({ client: "pg", connection: target.url, log: QUIET_LOG });
  }
  const [{ default: ClientPgLite }, { PGlite, types }] = await Promise.all([
    loadDriver(target, "knex-pglite", () => import("knex-pglite")),
    loadDriver(target, "@electric-sql/pglite", () => import("@electric-sql/pglite")),
  ]);
  const directory = target.kind === "pglite-disk" ? target.directory : undefined;
  const parsers = { [types.INT8]: (value: string) => value, [types.TIMESTAMPTZ]: parseTimestamp, [types.TIMESTAMP]: parseTimestamp };
  // Options go in one object: `new PGlite(undefined, options)` ignores them.
  const pglite = new PGlite({ dataDir: directory, parsers });
  // A connection function hands knex-pglite our instance; `filename` only names it in messages.
  return makeKnex({ client: ClientPgLite, connection: () => ({ pglite, filename: directory ?? "memory" }), log: QUIET_LOG });
}

/**
 * knex's logger for the instances modlink makes. knex prints a failed
 * connection with the driver's stack even when the caller catches the error;
 * modlink already throws it as `CONNECTION_FAILED` with a hint, so that
 * warning is dropped. Other warnings become one-line process warnings (no
 * stack; `process.on("warning")` sees them); debug output is dropped.
 */
const QUIET_LOG = {
  warn: (message: unknown) => warnUnlessReported(message),
  error: (message: unknown) => warnUnlessReported(message),
  deprecate: (method: unknown, alternative: unknown) => process.emitWarning(`${String(method)} is deprecated; use ${String(alternative)}.`, "KnexWarning"),
  debug: () => {},
};

function warnUnlessReported(message: unknown): void {
  const line = (message instanceof Error ? message.message : String(message)).split("\n", 1)[0] ?? "";
  if (line.startsWith("Acquire connection error")) return;
  process.emitWarning(line, "KnexWarning");
}

async function loadDriver<T>(target: ConnectionTarget, name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const needed = target.kind === "postgres" ? "pg" : "@electric-sql/pglite knex-pglite";
    throw new LinkStoreError(
      "CONNECTION_FAILED",
      `${describeTarget(target)} needs the package "${name}", which could not be loaded. Install it next to knex: npm install ${needed}`,
      { cause: error },
    );
  }
}
