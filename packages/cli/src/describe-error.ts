import { type LinkErrorCode, LinkError, LinkErrorCodes } from "@modlink/core";
import { CliError, type CliErrorCode } from "./cli-error";

/** An error as the command line reports it: its code, its message, and its stack for `--verbose`. */
export interface ErrorReport {
  readonly code: LinkErrorCode | CliErrorCode | "UNEXPECTED";
  readonly message: string;
  readonly stack?: string;
}

const LINK_ERROR_CODES: ReadonlySet<string> = new Set(LinkErrorCodes);

/**
 * True for a `LinkError`, also one thrown by another copy of `@modlink/core`
 * (the config file may resolve its own), recognised by its closed `code`.
 */
export function isLinkError(error: unknown): error is LinkError {
  if (error instanceof LinkError) return true;
  const code: unknown = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === "string" && LINK_ERROR_CODES.has(code);
}

/**
 * The report of any thrown value; only errors we do not know keep the word
 * "unexpected", since they are bugs or driver failures worth a `--verbose` run.
 *
 * @example describeError(new CliError("USAGE", "Unknown flag --x")) // { code: "USAGE", message: "Unknown flag --x" }
 */
export function describeError(error: unknown, verbose: boolean): ErrorReport {
  const stack = verbose && error instanceof Error && error.stack ? { stack: fullStack(error) } : {};
  if (error instanceof CliError || isLinkError(error)) return { code: error.code, message: error.message, ...stack };
  const message = error instanceof Error ? error.message : String(error);
  return { code: "UNEXPECTED", message: `${message}${verbose ? "" : " (run with --verbose for the stack trace)"}`, ...stack };
}

/** The stack with each cause's stack after it, as the original matters most when debugging. */
function fullStack(error: Error): string {
  const parts = [error.stack ?? String(error)];
  let cause: unknown = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    parts.push(`Caused by: ${cause.stack ?? cause.message}`);
    cause = cause.cause;
  }
  return parts.join("\n");
}
