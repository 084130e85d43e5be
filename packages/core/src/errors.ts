/**
 * Every failure modlink raises is a `LinkError` with a stable `code` from this
 * closed set, so callers branch on codes, never on message text.
 */
export const LinkErrorCodes = [
  "INVALID_DEFINITION",
  "DUPLICATE_LINK",
  "TABLE_NAME_COLLISION",
  "INVALID_INPUT",
  "UNKNOWN_MODULE",
  "UNKNOWN_KEY",
  "UNKNOWN_LINK",
  "UNKNOWN_ENTITY",
  "UNKNOWN_FIELD",
  "AMBIGUOUS_LINK",
  "WRONG_DIRECTION",
  "INVALID_ID",
  "INVALID_DATA",
  "CARDINALITY_VIOLATION",
  "MISSING_CAPABILITY",
  "MISSING_SERVICE",
  "CASCADE_FAILED",
  "STORE_FAILURE",
  "TRANSACTION_CONFLICT",
  "CONNECTION_FAILED",
  "SYNC_REFUSED",
  "NOT_REGISTERED",
  "ALREADY_REGISTERED",
  "QUERY_TOO_COSTLY",
  // A query asked for records that must exist and do not (`throwIfKeyNotFound`, `throwIfRelationNotFound`).
  "RECORD_NOT_FOUND",
  // The command line's own (`@modlink/cli`): one catalogue for every error modlink prints.
  "USAGE",
  "CONFIG_NOT_FOUND",
  "INVALID_CONFIG",
  "MISSING_DATABASE_URL",
  "OUTPUT_FAILED",
  "CHECK_FAILED",
] as const;

export type LinkErrorCode = (typeof LinkErrorCodes)[number];

/**
 * The brand every modlink error carries: the names of its classes, from its
 * own up to `LinkError`. Registered with `Symbol.for`, so every copy of this
 * package (its ESM and CommonJS builds, a plugin's own install) reads it.
 */
const ERROR_CLASSES = Symbol.for("@modlink/core:error-classes");

/**
 * Base class of every modlink error.
 *
 * `instanceof` holds across copies of `@modlink/core`: an error thrown by the
 * CommonJS build is `instanceof` the ESM build's `LinkError` (and of its own
 * class there), because each class checks the error's brand (the names of
 * its classes) when the prototype chain is another copy's.
 *
 * @example
 * try { await remoteLink.create(input) } catch (err) {
 *   if (err instanceof LinkError && err.code === "CARDINALITY_VIOLATION") reply(409)
 * }
 */
export class LinkError extends Error {
  readonly code: LinkErrorCode;

  constructor(code: LinkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, ERROR_CLASSES, { value: Object.freeze(classNamesOf(new.target)), enumerable: false });
  }

  /** Whether `value` is a modlink error, from this copy of the package or another. */
  static is(value: unknown): value is LinkError {
    return value instanceof LinkError;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const names: unknown = typeof value === "object" && value !== null ? (value as Record<symbol, unknown>)[ERROR_CLASSES] : undefined;
    return Array.isArray(names) && names.includes(this.name);
  }
}

/** The names of `target` and the classes it extends, up to `LinkError`. */
function classNamesOf(target: abstract new (...args: never[]) => unknown): string[] {
  const names: string[] = [];
  for (let at: unknown = target; typeof at === "function" && at !== Error; at = Object.getPrototypeOf(at)) {
    names.push((at as { name: string }).name);
  }
  return names;
}

/** A definition given to `defineLink`/`defineModule`/`RemoteLink` is unusable. */
export class LinkDefinitionError extends LinkError {
  readonly link: string | undefined;

  constructor(code: Extract<LinkErrorCode, "INVALID_DEFINITION" | "DUPLICATE_LINK" | "TABLE_NAME_COLLISION">, message: string, link?: string) {
    super(code, message);
    this.link = link;
  }
}

/**
 * `loadLinks` could not load a folder of link files: `INVALID_INPUT` for a
 * folder that is missing, not a folder or not a path, `INVALID_DEFINITION` for a file that
 * fails to import (the error it threw is the `cause`) or exports no link.
 */
export class LinkLoadError extends LinkError {
  /** The absolute path of the folder or file at fault; undefined when the argument is not a path at all. */
  readonly path: string | undefined;

  constructor(args: { code: Extract<LinkErrorCode, "INVALID_INPUT" | "INVALID_DEFINITION">; path: string | undefined; message: string; cause?: unknown }) {
    super(args.code, args.message, { cause: args.cause });
    this.path = args.path;
  }
}

/** Input to a `RemoteLink` method is malformed or names something that does not exist. */
export class LinkInputError extends LinkError {
  /** The offending input (or the part of it at fault), for logs. */
  readonly input: unknown;

  constructor(
    code: Extract<
      LinkErrorCode,
      | "INVALID_INPUT"
      | "UNKNOWN_MODULE"
      | "UNKNOWN_KEY"
      | "UNKNOWN_LINK"
      | "UNKNOWN_ENTITY"
      | "UNKNOWN_FIELD"
      | "AMBIGUOUS_LINK"
      | "INVALID_ID"
      | "INVALID_DATA"
    >,
    message: string,
    input?: unknown,
  ) {
    super(code, message);
    this.input = input;
  }
}

/** Keys were given in the reverse order of the link definition. */
export class LinkDirectionError extends LinkError {
  readonly link: string;
  /** The same input with its modules in the order the definition expects. */
  readonly expected: Record<string, unknown>;

  constructor(link: string, expected: Record<string, unknown>) {
    super(
      "WRONG_DIRECTION",
      `Link "${link}" is defined from "${Object.keys(expected)[0]}" to "${Object.keys(expected)[1]}", ` +
        `but the input names them the other way round. Write it in the definition's order: ${JSON.stringify(expected)}`,
    );
    this.link = link;
    this.expected = expected;
  }
}

/** A write would give a "one" side of a link a second live partner. */
export class CardinalityError extends LinkError {
  readonly link: string;
  /** The key whose record may have only one live partner, e.g. `product_id`. */
  readonly key: string;
  /** The id that would have had two live partners, when the store can tell. */
  readonly id: string | undefined;

  constructor(args: { link: string; key: string; id?: string; cause?: unknown }) {
    super(
      "CARDINALITY_VIOLATION",
      `Link "${args.link}" allows one live partner per "${args.key}"` +
        (args.id === undefined ? "" : ` and "${args.id}" already has one`) +
        `. Dismiss the existing link first, use replace(), or declare the other side with isList: true.`,
      { cause: args.cause },
    );
    this.link = args.link;
    this.key = args.key;
    this.id = args.id;
  }
}

/** A cascade called a module service that threw; everything done was undone. */
export class CascadeError extends LinkError {
  readonly module: string;

  constructor(args: { module: string; operation: "delete" | "restore"; cause: unknown }) {
    const reason = args.cause instanceof Error ? args.cause.message : String(args.cause);
    super(
      "CASCADE_FAILED",
      `The ${args.operation} cascade failed in module "${args.module}": ${reason}. ` +
        `Link changes, and the work of modules that join the transaction, were rolled back; ` +
        `modules with writeMode "separate" were compensated.`,
      { cause: args.cause },
    );
    this.module = args.module;
  }
}

/** The storage layer failed for a reason that is not the caller's input. */
export class LinkStoreError extends LinkError {
  constructor(
    code: Extract<LinkErrorCode, "STORE_FAILURE" | "TRANSACTION_CONFLICT" | "CONNECTION_FAILED" | "SYNC_REFUSED" | "MISSING_CAPABILITY">,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Something needed at run time (a module service, a registration) is missing. */
export class LinkSetupError extends LinkError {
  constructor(code: Extract<LinkErrorCode, "MISSING_SERVICE" | "NOT_REGISTERED" | "ALREADY_REGISTERED">, message: string) {
    super(code, message);
  }
}

/**
 * A query would exceed one of `LinkQuery`'s cost limits. Raised before any
 * read when the query itself shows it (depth, terms, page sizes), else as
 * soon as a read returns more records than allowed; nothing is returned.
 */
export class QueryCostError extends LinkError {
  /** The limit exceeded, as named in `QueryLimits`, e.g. `maxDepth`. */
  readonly limit: string;
  /** The limit's value in force. */
  readonly allowed: number;

  constructor(args: { limit: string; allowed: number; message: string }) {
    super("QUERY_TOO_COSTLY", args.message);
    this.limit = args.limit;
    this.allowed = args.allowed;
  }
}
