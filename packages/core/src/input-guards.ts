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

/** A record id: a non-empty string a database stores exactly, at most MAX_ID_LENGTH long. */
export function assertId(value: unknown, where: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_ID_LENGTH || !isStorableText(value)) {
    throw new LinkInputError(
      "INVALID_ID",
      `${where} must be a non-empty string id of at most ${MAX_ID_LENGTH} characters, without NUL bytes or unpaired surrogates, got ${describe(value)}.`,
      value,
    );
  }
  return value;
}

/** One id or a non-empty array of ids, de-duplicated, in first-seen order. */
export function readIds(value: unknown, where: string, allowEmpty = false): string[] {
  if (!Array.isArray(value)) return [assertId(value, where)];
  if (value.length === 0 && !allowEmpty) {
    throw new LinkInputError("INVALID_ID", `${where} is an empty array; give at least one id.`, value);
  }
  return [...new Set(value.map((id, i) => assertId(id, `${where}[${i}]`)))];
}
