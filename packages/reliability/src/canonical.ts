import type { ExtraColumnType } from "@modlink/core";

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "function" || typeof value === "symbol") return `<${typeof value}>`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return `${value}n`;
  // JSON.stringify would turn these into null, hiding a store that loses them.
  if (typeof value === "number" && !Number.isFinite(value)) return `<number ${value}>`;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * An extra-column value as comparable text. Stores may hand back a bigint
 * as a number or a string and a timestamp as a Date or a string; the value,
 * not its carrier, is what must agree.
 */
export function normaliseValue(type: ExtraColumnType, value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (type) {
    case "bigint":
      return String(value);
    case "timestamp":
      return new Date(value as string | Date).toISOString();
    case "json":
      return canonical(value);
    default:
      return canonical(value);
  }
}
