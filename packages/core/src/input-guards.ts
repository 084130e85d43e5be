import { LinkInputError } from "./errors";
import { describe } from "./extra-columns";
import { isStorableText } from "./storable-text";

/** Longest id accepted; ids are opaque, but not unbounded. */
export const MAX_ID_LENGTH = 512;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** One input, or a non-empty array of them, as an array. */
export function toInputList(input: unknown, method: string): unknown[] {
  if (Array.isArray(input)) {
    if (input.length === 0) {
      throw new LinkInputError("INVALID_INPUT", `${method}() got an empty array. Pass at least one input, or skip the call.`, input);
    }
    return input;
  }
  return [input];
}

export function assertObject(value: unknown, what: string): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new LinkInputError("INVALID_INPUT", `${what} must be a plain object, got ${describe(value)}.`, value);
  }
  return value;
}

/** A non-empty string a database stores exactly, at most MAX_ID_LENGTH long. */
export function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_ID_LENGTH && isStorableText(value);
}

/** A record id: a non-empty string a database stores exactly, at most MAX_ID_LENGTH long. */
export function assertId(value: unknown, where: string): string {
  if (!isId(value)) {
    throw new LinkInputError(
      "INVALID_ID",
      `${where} must be a non-empty string id of at most ${MAX_ID_LENGTH} characters, without NUL bytes or unpaired surrogates, got ${describe(value)}.`,
      value,
    );
  }
  return value;
}

/**
 * One id or a non-empty array of ids, de-duplicated, in first-seen order.
 * `where` names the value in error messages; a function is called only on
 * error, so hot paths (one call per input of a 1,000,000-link create) build
 * no message they never show.
 */
export function readIds(value: unknown, where: string | (() => string), allowEmpty = false): string[] {
  const at = typeof where === "string" ? () => where : where;
  if (!Array.isArray(value)) return [isId(value) ? value : assertId(value, at())];
  if (value.length === 0 && !allowEmpty) {
    throw new LinkInputError("INVALID_ID", `${at()} is an empty array; give at least one id.`, value);
  }
  const ids = new Set<string>();
  value.forEach((id: unknown, i) => ids.add(isId(id) ? id : assertId(id, `${at()}[${i}]`)));
  return [...ids];
}
