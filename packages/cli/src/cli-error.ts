/** Failures of the command line itself, apart from the `LinkError`s of the libraries. */
export const CliErrorCodes = ["USAGE", "CONFIG_NOT_FOUND", "INVALID_CONFIG", "MISSING_DATABASE_URL", "OUTPUT_FAILED", "CHECK_FAILED"] as const;
export type CliErrorCode = (typeof CliErrorCodes)[number];

/**
 * A wrong flag, a missing or broken config file, no database URL. Printed as
 * `error USAGE: <message>` without a stack trace.
 *
 * @example throw new CliError("USAGE", `Unknown command "plna". Commands: plan, sync, graph, doctor.`)
 */
export class CliError extends Error {
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CliError";
    this.code = code;
  }
}
