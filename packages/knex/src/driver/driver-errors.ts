import { LinkStoreError } from "@modlink/core";

/** The fields pg's and PGlite's database errors share (their classes differ). */
export interface DriverError {
  readonly code?: unknown;
  readonly constraint?: unknown;
  readonly detail?: unknown;
  readonly message?: unknown;
  readonly name?: unknown;
}

/** Error codes meaning "the database could not be reached or refused us". */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EPIPE",
  "3D000", // database does not exist
  "28P01", // wrong password
  "28000", // no such role / rejected by pg_hba.conf
  "57P01", // server shut down
  "57P02",
  "57P03", // starting up
  "53300", // too many connections
]);

/** What to check, per failure, in words a user can act on. */
function connectionAdvice(code: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return "Nothing accepts connections there: start PostgreSQL, or fix the host and port.";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "The host name does not resolve: fix the host in the URL.";
    case "3D000":
      return "The database does not exist: create it (createdb <name>) or fix the database name in the URL.";
    case "28P01":
    case "28000":
      return "The server rejected the credentials: check the user and password in the URL and the server's pg_hba.conf.";
    case "57P01":
    case "LOST":
      return (
        "The connection was terminated during the call (by the server, an administrator or the network); " + "nothing of this call was committed: run it again."
      );
    case "53300":
      return "The server has no free connections: lower the pool size or raise max_connections.";
    default:
      return "Check that the server is running and reachable, that the database exists, and the user and password.";
  }
}

/** The SQLSTATE (or Node error code) of a driver error, if it has one. */
export function codeOf(error: unknown): string | undefined {
  const code = (error as DriverError | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True for errors that mean the connection, not the statement, failed. */
export function isConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
  const name = (error as DriverError | null)?.name;
  return name === "KnexTimeoutError" || LOST_CONNECTION.test(messageOf(error)) || /connect ECONNREFUSED/.test(messageOf(error));
}

/** How pg reports a connection that died under an open transaction. */
const LOST_CONNECTION = /Connection terminated|not queryable|terminating connection/i;

/** A CONNECTION_FAILED error naming the database (never with its password) and what to check. */
export function connectionFailed(label: string, error: unknown): LinkStoreError {
  const code = codeOf(error) ?? (LOST_CONNECTION.test(messageOf(error)) ? "LOST" : "");
  return new LinkStoreError("CONNECTION_FAILED", `Could not use the database at ${label}: ${messageOf(error)}. ${connectionAdvice(code)}`, { cause: error });
}
