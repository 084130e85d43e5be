import { LinkError, type LinkErrorCode } from "@modlink/core";

/** Failures of the command line itself: codes of core's one catalogue (`LinkErrorCodes`). */
export const CliErrorCodes = [
  "USAGE",
  "CONFIG_NOT_FOUND",
  "INVALID_CONFIG",
  "MISSING_DATABASE_URL",
  "OUTPUT_FAILED",
  "CHECK_FAILED",
] as const satisfies readonly LinkErrorCode[];
export type CliErrorCode = (typeof CliErrorCodes)[number];

/**
 * A wrong flag, a missing or broken config file, no database URL. Printed as
 * `error USAGE: <message>` without a stack trace.
 *
 * @example throw new CliError("USAGE", `Unknown command "plna". Commands: plan, sync, graph, doctor.`)
 */
export class CliError extends LinkError {
  declare readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
