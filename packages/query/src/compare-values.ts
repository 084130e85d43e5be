import type { OrderTerm } from "./queryable-module";

type Row = Readonly<Record<string, unknown>>;

/**
 * Orders two non-null field values: numbers and bigints numerically, dates by
 * time, booleans false first, anything else by its string form in code-unit
 * order (a database collation may order non-ASCII or mixed case differently).
 */
export function compareValues(a: unknown, b: unknown): number {
  const left = comparable(a);
  const right = comparable(b);
  if (typeof left === typeof right) return left < right ? -1 : left > right ? 1 : 0;
  const l = String(left);
  const r = String(right);
  return l < r ? -1 : l > r ? 1 : 0;
}

function comparable(value: unknown): number | bigint | string {
  if (typeof value === "number" || typeof value === "bigint") return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "boolean") return value ? 1 : 0;
  return String(value);
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}

/**
 * A comparator for `terms`, reading each term's value with `valueOf`. Nulls
 * sort last ascending and first descending, as PostgreSQL does.
 */
export function comparatorOf<T>(terms: readonly OrderTerm[], valueOf: (item: T, field: string) => unknown): (a: T, b: T) => number {
  return (a, b) => {
    for (const term of terms) {
      const x = valueOf(a, term.field);
      const y = valueOf(b, term.field);
      const order = isMissing(x) ? (isMissing(y) ? 0 : 1) : isMissing(y) ? -1 : compareValues(x, y);
      if (order !== 0) return term.direction === "asc" ? order : -order;
    }
    return 0;
  };
}

/**
 * Sorts rows by `order` in memory: a helper for modules that keep records in
 * memory, and what the engine uses where no database can sort for it.
 *
 * @example sortRecords(rows, [{ field: "name", direction: "asc" }])
 */
export function sortRecords<R extends Row>(rows: readonly R[], order: readonly OrderTerm[]): R[] {
  return [...rows].sort(comparatorOf<R>(order, (row, field) => row[field]));
}
