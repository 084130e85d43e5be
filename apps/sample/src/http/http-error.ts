/** Codes of errors the app raises itself (modlink's own travel as `LinkErrorCodes`). */
export const AppErrorCodes = [
  "NOT_FOUND",
  "ALREADY_DELETED",
  "NOT_DELETED",
  "INVALID_INPUT",
  "INVALID_JSON",
  "BAD_REQUEST",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "INTERNAL_ERROR",
] as const;

export type AppErrorCode = (typeof AppErrorCodes)[number];

/**
 * An error the HTTP layer answers with its own status and code.
 *
 * @example throw new HttpError(404, "NOT_FOUND", `No product "${id}".`)
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: AppErrorCode;

  constructor(status: number, code: AppErrorCode, message: string) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
  }
}
