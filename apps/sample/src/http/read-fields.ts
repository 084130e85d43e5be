import { HttpError } from "./http-error.js";

/**
 * Reads a JSON object body that may hold only `allowed` fields.
 *
 * @example const body = readFields(request.body, ["name"]); requireText(body, "name")
 */
export function readFields(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "INVALID_INPUT", `The body must be a JSON object with ${allowed.map((f) => `"${f}"`).join(", ")}.`);
  }
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new HttpError(400, "INVALID_INPUT", `Unknown field(s) ${unknown.map((f) => `"${f}"`).join(", ")}; allowed: ${allowed.join(", ")}.`);
  }
  return Object.fromEntries(Object.entries(body));
}

/** A required non-empty string of at most 200 characters. */
export function requireText(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (typeof value !== "string" || value.trim() === "" || value.length > 200) {
    throw new HttpError(400, "INVALID_INPUT", `"${name}" must be a non-empty string of at most 200 characters.`);
  }
  return value;
}

/** An optional non-negative integer. */
export function optionalCount(fields: Record<string, unknown>, name: string, fallback: number): number {
  const value = fields[name] ?? fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new HttpError(400, "INVALID_INPUT", `"${name}" must be a non-negative integer.`);
  }
  return value;
}
