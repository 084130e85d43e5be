import { LinkDefinitionError, LinkInputError } from "./errors";
import { ExtraColumnTypes, type ExtraColumnType } from "./extra-column-types";
import { describe, normaliseValue, valueProblem } from "./extra-column-values";
import { isValidIdentifier } from "./naming";

export { describe } from "./extra-column-values";
export { ExtraColumnTypes, type ExtraColumnType } from "./extra-column-types";

/**
 * What a value of each column type looks like in `data` and in results.
 * Every store keeps each accepted value the same way; values a store could
 * not keep exactly are refused with `INVALID_DATA` before anything is written.
 */
export interface ExtraColumnValue {
  /** No NUL character, no unpaired surrogate. */
  text: string;
  /** 32 bits; -0 is stored as 0. */
  integer: number;
  /** 64 bits. */
  bigint: bigint | number | string;
  /** Finite; -0 stays -0. */
  float: number;
  boolean: boolean;
  /** Plain objects, arrays, storable strings, finite numbers (not -0, which jsonb turns into 0), booleans, null. */
  json: unknown;
  /**
   * A Date, or an ISO 8601 date or date-time, in years 1-9999. Timestamps
   * hold milliseconds: further fractional digits must be 0. A zone offset is
   * `Z`, `±HH:MM` or `±HHMM`, from -15:59 to +15:59.
   */
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
        `Link "${link}": extra column "${name}" is not allowed. ` +
          `Use a lower-case snake_case name that is not one of ${[...RESERVED_COLUMNS, ...keyColumns].join(", ")}.`,
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
        `Link "${link}": extra column "${name}" must be nullable or have a default, ` +
          "so that links created without it and tables that already hold rows stay valid.",
        link,
      );
    }
    const typed = column as AnyExtraColumn;
    const problem = fallback === undefined ? undefined : valueProblem(typed.type, fallback, `the default of extra column "${name}"`);
    if (problem !== undefined) throw new LinkDefinitionError("INVALID_DEFINITION", `Link "${link}": ${problem}.`, link);
    result[name] = Object.freeze(fallback === undefined ? { ...typed } : ({ ...typed, default: normaliseValue(typed.type, fallback) } as AnyExtraColumn));
  }
  return Object.freeze(result);
}

/** The data of an input without `data`: one shared, frozen object rather than one per input. */
const NO_DATA: Record<string, unknown> = Object.freeze({});

/**
 * Validates the `data` of one create against the link's extra columns and
 * returns an object holding only those columns (without `data`, a shared
 * frozen empty one: callers never write to it).
 */

export function validateData(link: string, columns: ExtraColumns, data: unknown): Record<string, unknown> {
  if (data === undefined) return NO_DATA;
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
          (known.length
            ? `Its extra columns are: ${known.join(", ")}.`
            : `It has no extra columns; declare them in defineLink(..., { database: { extraColumns } }).`),
        data,
      );
    }
    if (value === undefined) continue;
    if (value === null) {
      if (column.nullable === true) result[name] = null;
      else
        throw new LinkInputError("INVALID_DATA", `Link "${link}": data.${name} is not nullable; give a ${column.type} or leave it out for its default.`, data);
      continue;
    }
    const problem = valueProblem(column.type, value, `data.${name}`);
    if (problem !== undefined) throw new LinkInputError("INVALID_DATA", `Link "${link}": ${problem}.`, data);
    result[name] = normaliseValue(column.type, value);
  }
  return result;
}
