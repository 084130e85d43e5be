import { LinkDefinitionError, LinkInputError } from "./errors";
import { isValidIdentifier } from "./naming";
import { isStorableJson, isStorableText } from "./storable-text";

/** The column types an extra column of a link table may have. */
export const ExtraColumnTypes = ["text", "integer", "bigint", "float", "boolean", "json", "timestamp"] as const;
export type ExtraColumnType = (typeof ExtraColumnTypes)[number];

/** What a value of each column type looks like in `data` and in results. */
export interface ExtraColumnValue {
  text: string;
  integer: number;
  bigint: bigint | number | string;
  float: number;
  boolean: boolean;
  json: unknown;
  timestamp: Date | string;
}

/** One extra column of a link table: typed, and nullable or with a default. */
export interface ExtraColumn<T extends ExtraColumnType = ExtraColumnType> {
  readonly type: T;
  readonly nullable?: boolean;
  readonly default?: ExtraColumnValue[T];
}

/** Any one extra column, its default typed by its own `type`. */
export type AnyExtraColumn = { [T in ExtraColumnType]: ExtraColumn<T> }[ExtraColumnType];

export type ExtraColumns = Readonly<Record<string, AnyExtraColumn>>;

/** The `data` a create may carry for a link with these extra columns. */
export type ExtraData<X extends ExtraColumns> = [keyof X] extends [never]
  ? never
  : { -readonly [K in keyof X]?: ExtraColumnValue[X[K]["type"]] | (X[K]["nullable"] extends true ? null : never) };

/** Names the link table uses itself; extra columns cannot take them. */
export const RESERVED_COLUMNS = ["id", "created_at", "updated_at", "deleted_at", "deletion_id", "deleted_from", "cascaded"] as const;

/** Checks extra-column declarations once, when a link is defined. */
export function validateExtraColumns(link: string, columns: unknown, keyColumns: readonly string[]): ExtraColumns {
  if (columns === undefined) return Object.freeze({});
  if (typeof columns !== "object" || columns === null || Array.isArray(columns)) {
    throw new LinkDefinitionError("INVALID_DEFINITION", `Link "${link}": database.extraColumns must be an object of { column: { type } }.`, link);
  }
  const result: Record<string, AnyExtraColumn> = {};
  for (const [name, column] of Object.entries(columns)) {
    if (!isValidIdentifier(name) || (RESERVED_COLUMNS as readonly string[]).includes(name) || keyColumns.includes(name)) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `Link "${link}": extra column "${name}" is not allowed. Use a lower-case snake_case name that is not one of ${[...RESERVED_COLUMNS, ...keyColumns].join(", ")}.`,
        link,
      );
    }
    const type = (column as { type?: unknown } | null)?.type;
    if (!(ExtraColumnTypes as readonly unknown[]).includes(type)) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `Link "${link}": extra column "${name}" has type ${JSON.stringify(type)}; use one of ${ExtraColumnTypes.join(", ")}.`,
        link,
      );
    }
    const { nullable, default: fallback } = column as AnyExtraColumn;
    if (nullable !== true && fallback === undefined) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `Link "${link}": extra column "${name}" must be nullable or have a default, so that links created without it and tables that already hold rows stay valid.`,
        link,
      );
    }
    const typed = column as AnyExtraColumn;
    if (fallback !== undefined && !isValueOfType(typed.type, fallback)) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `Link "${link}": the default of extra column "${name}" is not a ${typed.type}.`,
        link,
      );
    }
    result[name] = Object.freeze({ ...typed });
  }
  return Object.freeze(result);
}

const INT32 = 2 ** 31;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
// ISO 8601 date or date-time, the forms every store parses the same way.
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
/** Years every store round-trips exactly. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

function isInt64(value: unknown): boolean {
  let big: bigint;
  if (typeof value === "bigint") big = value;
  else if (Number.isSafeInteger(value)) big = BigInt(value as number);
  else if (typeof value === "string" && /^-?\d{1,19}$/.test(value)) big = BigInt(value);
  else return false;
  return big >= INT64_MIN && big <= INT64_MAX;
}

function isTimestamp(value: unknown): boolean {
  if (value instanceof Date) {
    const time = value.getTime();
    return !Number.isNaN(time) && value.getUTCFullYear() >= MIN_YEAR && value.getUTCFullYear() <= MAX_YEAR;
  }
  if (typeof value !== "string") return false;
  const match = ISO_TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  // Date.parse rolls 2023-02-30 over into March; a database refuses it.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60
  );
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
      return isStorableJson(value);
    case "timestamp":
      return isTimestamp(value);
  }
}

/**
 * Validates the `data` of one create against the link's extra columns and
 * returns a fresh object holding only those columns.
 */
export function validateData(link: string, columns: ExtraColumns, data: unknown): Record<string, unknown> {
  if (data === undefined) return {};
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new LinkInputError("INVALID_DATA", `Link "${link}": data must be an object of extra columns, got ${describe(data)}.`, data);
  }
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    const column = Object.hasOwn(columns, name) ? columns[name] : undefined;
    if (!column) {
      const known = Object.keys(columns);
      throw new LinkInputError(
        "INVALID_DATA",
        `Link "${link}" has no extra column "${name}". ` +
          (known.length ? `Its extra columns are: ${known.join(", ")}.` : `It has no extra columns; declare them in defineLink(..., { database: { extraColumns } }).`),
        data,
      );
    }
    if (value === undefined) continue;
    if (value === null ? column.nullable !== true : !isValueOfType(column.type, value)) {
      throw new LinkInputError(
        "INVALID_DATA",
        `Link "${link}": data.${name} must be a ${column.type}${column.nullable ? " or null" : ""}, got ${describe(value)}.`,
        data,
      );
    }
    result[name] = value;
  }
  return result;
}

/** A short, safe rendering of a bad value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
