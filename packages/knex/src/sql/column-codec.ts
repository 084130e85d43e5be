import { type ExtraColumn, type ExtraColumnType, LinkStoreError } from "@modlink/core";

/**
 * How each extra-column type is declared, read back from the catalog, and
 * carried through `unnest`. Values travel as `text[]` and are cast in SQL, so
 * pg and PGlite serialize them identically.
 */
const SQL_TYPES = {
  text: { ddl: "text", catalog: "text" },
  integer: { ddl: "integer", catalog: "integer" },
  bigint: { ddl: "bigint", catalog: "bigint" },
  float: { ddl: "double precision", catalog: "double precision" },
  boolean: { ddl: "boolean", catalog: "boolean" },
  json: { ddl: "jsonb", catalog: "jsonb" },
  timestamp: { ddl: "timestamptz", catalog: "timestamp with time zone" },
} as const satisfies Record<ExtraColumnType, { ddl: string; catalog: string }>;

/** The type in `create table` / `alter column ... type`. */
export function ddlType(type: ExtraColumnType): string {
  return SQL_TYPES[type].ddl;
}

/** The type as `format_type()` reports it, to compare with the catalog. */
export function catalogType(type: ExtraColumnType): string {
  return SQL_TYPES[type].catalog;
}

/** One value as the text element of a `text[]` parameter (null stays SQL NULL). */
export function encodeValue(type: ExtraColumnType, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "json":
      return JSON.stringify(value);
    case "timestamp":
      return value instanceof Date ? value.toISOString() : String(value);
    case "float":
      return numberText(value as number);
    default:
      return String(value);
  }
}

/** A number as PostgreSQL reads it back to the same number: String(-0) is "0", which would lose the sign. */
function numberText(value: number): string {
  return Object.is(value, -0) ? "-0" : String(value);
}

/**
 * The select-list expression for a column (of the table `alias`, if given),
 * named as the column. bigint is read as text so both drivers return the
 * same lossless string whatever their int8 parser.
 */
export function selectExpression(type: ExtraColumnType, quotedColumn: string, alias?: string): string {
  const source = alias === undefined ? quotedColumn : `${alias}.${quotedColumn}`;
  if (type === "bigint") return `${source}::text as ${quotedColumn}`;
  return alias === undefined ? quotedColumn : `${source} as ${quotedColumn}`;
}

/** A value read back, normalised across drivers. */
export function decodeValue(type: ExtraColumnType, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  switch (type) {
    case "timestamp":
      return raw instanceof Date ? raw : new Date(String(raw));
    case "bigint":
      return String(raw);
    case "float":
    case "integer":
      return typeof raw === "number" ? raw : Number(raw);
    default:
      return raw;
  }
}

/**
 * A column default as an SQL literal. DDL cannot take bound parameters, so
 * the value is rendered here, and only from the validated types.
 */
export function defaultLiteral(column: ExtraColumn): string | null {
  const value = column.default;
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case "text":
      return quoteLiteral(String(value));
    case "integer":
      return numberLiteral(value);
    case "float":
      // Quoted and cast: a bare -0 is integer 0 negated, which is 0.
      return Object.is(value, -0) ? "'-0'::double precision" : numberLiteral(value);
    case "bigint":
      return `${quoteLiteral(String(value))}::bigint`;
    case "boolean":
      return value === true ? "true" : "false";
    case "json":
      return `${quoteLiteral(JSON.stringify(value))}::jsonb`;
    case "timestamp":
      return `${quoteLiteral(value instanceof Date ? value.toISOString() : String(value))}::timestamptz`;
  }
}

function numberLiteral(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new LinkStoreError("STORE_FAILURE", `A numeric column default must be a finite number, got ${String(value)}.`);
  }
  return String(value);
}

/** A string literal with standard_conforming_strings (on by default since 9.1). */
export function quoteLiteral(text: string): string {
  if (text.includes("\u0000")) {
    throw new LinkStoreError("STORE_FAILURE", "PostgreSQL text cannot contain the NUL character.");
  }
  return `'${text.replaceAll("'", "''")}'`;
}
