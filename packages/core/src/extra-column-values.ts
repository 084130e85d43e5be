import type { ExtraColumnType } from "./extra-column-types";
import { isStorableText, jsonProblem } from "./storable-text";

/**
 * What a value of each extra-column type may be: exactly the values every
 * store keeps the same (memory as given, PostgreSQL after a round trip).
 */
const EXPECTED: Record<ExtraColumnType, string> = {
  text: "a string without NUL characters or unpaired surrogates",
  integer: "a whole number from -2147483648 to 2147483647",
  bigint: "a whole number, bigint or digit string within 64 bits",
  float: "a finite number",
  boolean: "true or false",
  json: "JSON: plain objects, arrays, strings, finite numbers, booleans and null",
  timestamp: 'a Date or an ISO 8601 string such as "2030-01-02T03:04:05.678Z" or "2030-01-02 03:04:05+05:30", in years 1-9999',
};

const INT32 = 2 ** 31;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Years every store round-trips exactly. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;
/**
 * Zone offsets up to this many hours: PostgreSQL refuses more than 15:59,
 * JavaScript's Date takes up to 23:59, so ±15:59 reads the same in both.
 */
const MAX_OFFSET_HOURS = 15;
// ISO 8601 date or date-time; a zone is Z, ±HH:MM or ±HHMM (JavaScript cannot read ±HH alone).
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/**
 * Why `value` is not a value of `type`, as a sentence starting with `where`
 * (`data.position`); undefined when it is one. Timestamps hold milliseconds:
 * both stores read them back as a Date, so finer digits must be zeros.
 *
 * @example valueProblem("json", { n: -0 }, "data.metadata") // "data.metadata.n is -0, which jsonb stores as 0; give 0"
 */
export function valueProblem(type: ExtraColumnType, value: unknown, where: string): string | undefined {
  if (type === "json") return jsonProblem(value, where);
  if (type === "timestamp" && typeof value === "string") {
    const problem = timestampTextProblem(value);
    if (problem !== undefined) return `${where} ${problem}`;
  }
  return isValueOfType(type, value) ? undefined : `${where} must be ${EXPECTED[type]}, got ${describe(value)}`;
}

/**
 * The one form a valid value is kept in, as a database keeps it: an integer
 * has no -0, and objects are copied, so changing what was passed in later
 * changes nothing stored (as with a database).
 */
export function normaliseValue(type: ExtraColumnType, value: unknown): unknown {
  if (type === "integer" && Object.is(value, -0)) return 0;
  if (type === "json" && typeof value === "object" && value !== null) return structuredClone(value);
  if (value instanceof Date) return new Date(value.getTime());
  return value;
}

function isValueOfType(type: ExtraColumnType, value: unknown): boolean {
  switch (type) {
    case "text":
      return typeof value === "string" && isStorableText(value);
    case "integer":
      return Number.isInteger(value) && (value as number) >= -INT32 && (value as number) < INT32;
    case "bigint":
      return isInt64(value);
    case "float":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "json":
      return jsonProblem(value, "") === undefined;
    case "timestamp":
      return value instanceof Date ? isDateInRange(value) : typeof value === "string" && timestampTextProblem(value) === undefined;
  }
}

function isInt64(value: unknown): boolean {
  let big: bigint;
  if (typeof value === "bigint") big = value;
  else if (Number.isSafeInteger(value)) big = BigInt(value as number);
  else if (typeof value === "string" && /^-?\d{1,19}$/.test(value)) big = BigInt(value);
  else return false;
  return big >= INT64_MIN && big <= INT64_MAX;
}

function isDateInRange(value: Date): boolean {
  return !Number.isNaN(value.getTime()) && value.getUTCFullYear() >= MIN_YEAR && value.getUTCFullYear() <= MAX_YEAR;
}

/** What is wrong with a timestamp string, said after its place; undefined when nothing is. */
function timestampTextProblem(value: string): string | undefined {
  const match = ISO_TIMESTAMP.exec(value);
  if (!match) return `must be ${EXPECTED.timestamp}, got ${describe(value)}`;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const [fraction, zone, zoneHours, zoneMinutes] = match.slice(7) as [string | undefined, string | undefined, string | undefined, string | undefined];
  // Date.parse rolls 2023-02-30 over into March; a database refuses it.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const valid = year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60;
  if (!valid) return `is not a date and time that exists in years ${MIN_YEAR}-${MAX_YEAR}, got ${describe(value)}`;
  if (fraction !== undefined && /[1-9]/.test(fraction.slice(3))) {
    return `has fractional seconds finer than milliseconds (".${fraction}"); timestamps hold milliseconds, so give at most 3 digits`;
  }
  if (zone !== undefined && zone !== "Z" && (Number(zoneHours) > MAX_OFFSET_HOURS || Number(zoneMinutes) > 59)) {
    return `has the zone offset ${zone}; give one from -15:59 to +15:59 (PostgreSQL's range), e.g. +05:30`;
  }
  return undefined;
}

/** A short, safe rendering of a bad value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === "object") return value instanceof Date ? `a Date (${Number.isNaN(value.getTime()) ? "invalid" : value.toISOString()})` : "an object";
  if (typeof value === "function" || typeof value === "symbol") return `a ${typeof value}`;
  if (Object.is(value, -0)) return "number -0";
  return `${typeof value} ${String(value)}`;
}
