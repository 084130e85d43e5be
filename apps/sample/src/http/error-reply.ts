import { LinkError, type LinkErrorCode } from "@modlink/core";
import { HttpError } from "./http-error.js";
import { validationMessage } from "./validation-message.js";

/** The body of every error response. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

export interface ErrorReply {
  readonly status: number;
  readonly body: ErrorBody;
}

/** HTTP status per modlink error code; the Record type makes a new code a compile error here. */
const LINK_ERROR_STATUS: Readonly<Record<LinkErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNKNOWN_MODULE: 400,
  UNKNOWN_KEY: 400,
  UNKNOWN_LINK: 400,
  UNKNOWN_ENTITY: 400,
  UNKNOWN_FIELD: 400,
  AMBIGUOUS_LINK: 400,
  WRONG_DIRECTION: 400,
  INVALID_ID: 400,
  INVALID_DATA: 400,
  CARDINALITY_VIOLATION: 409,
  RECORD_NOT_FOUND: 404,
  CONNECTION_FAILED: 503,
  INVALID_DEFINITION: 500,
  DUPLICATE_LINK: 500,
  TABLE_NAME_COLLISION: 500,
  MISSING_CAPABILITY: 500,
  MISSING_SERVICE: 500,
  CASCADE_FAILED: 500,
  STORE_FAILURE: 500,
  TRANSACTION_CONFLICT: 409,
  SYNC_REFUSED: 500,
  NOT_REGISTERED: 500,
  ALREADY_REGISTERED: 500,
  QUERY_TOO_COSTLY: 400,
  // The command line's codes: never raised while serving, a server error if they were.
  USAGE: 500,
  CONFIG_NOT_FOUND: 500,
  INVALID_CONFIG: 500,
  MISSING_DATABASE_URL: 500,
  OUTPUT_FAILED: 500,
  CHECK_FAILED: 500,
};

/** Fastify's client-error codes that get a code of their own. */
const FASTIFY_CODES: Readonly<Record<string, { status: number; code: string }>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: "PAYLOAD_TOO_LARGE" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: "INVALID_JSON" },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: "INVALID_JSON" },
};

/**
 * Maps any thrown error to a status and a JSON body. Client mistakes keep
 * their message; server faults say only their code, never a stack.
 *
 * @example toErrorReply(new CardinalityError({ link, key })) // { status: 409, body: { error: { code: "CARDINALITY_VIOLATION", ... } } }
 */
export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof HttpError) return reply(error.status, error.code, error.message);
  if (error instanceof LinkError) {
    const status = LINK_ERROR_STATUS[error.code];
    return reply(status, error.code, status < 500 ? error.message : serverMessage(error.code));
  }
  const message = error instanceof Error ? error.message : String(error);
  const validation = field(error, "validation");
  if (Array.isArray(validation)) return reply(400, "INVALID_INPUT", validationMessage(validation, String(field(error, "validationContext") ?? "request")));
  if (validation !== undefined) return reply(400, "INVALID_INPUT", message);
  const fastifyCode = field(error, "code");
  const known = typeof fastifyCode === "string" && Object.hasOwn(FASTIFY_CODES, fastifyCode) ? FASTIFY_CODES[fastifyCode] : undefined;
  if (known) return reply(known.status, known.code, message);
  const statusCode = field(error, "statusCode");
  const status = typeof statusCode === "number" ? statusCode : 500;
  // JSON.parse's SyntaxError, flagged 400 by fastify's body parser.
  if (status === 400 && error instanceof SyntaxError) return reply(400, "INVALID_JSON", `The body is not valid JSON: ${message}`);
  if (status >= 400 && status < 500) return reply(status, "BAD_REQUEST", message);
  return reply(500, "INTERNAL_ERROR", serverMessage("INTERNAL_ERROR"));
}

/** A property of a thrown value, whatever its class (fastify's errors differ by version). */
function field(error: unknown, name: string): unknown {
  return typeof error === "object" && error !== null && name in error ? Reflect.get(error, name) : undefined;
}

function reply(status: number, code: string, message: string): ErrorReply {
  return { status, body: { error: { code, message } } };
}

function serverMessage(code: string): string {
  return `The server failed (${code}); the details are in the server log.`;
}
