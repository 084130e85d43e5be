/**
 * A piece of SQL with its bound values, in the order of its `?` placeholders,
 * so statements can be assembled from parts without losing that order.
 */
export interface Sql {
  readonly text: string;
  readonly bindings: readonly unknown[];
}

/** A part: a fragment, or trusted text (keywords, aliases, names from `quoteIdentifier`), never a value. */
export type SqlPart = Sql | string;

/** One bound value. */
export function bound(value: unknown): Sql {
  return { text: "?", bindings: [value] };
}

/** The parts one after another (with `separator` between), bindings in order. */
export function concat(parts: readonly SqlPart[], separator = ""): Sql {
  const pieces = parts.map((part) => (typeof part === "string" ? { text: part, bindings: [] } : part));
  return { text: pieces.map((piece) => piece.text).join(separator), bindings: pieces.flatMap((piece) => piece.bindings) };
}

/** Conditions joined with `and`; no condition is `true`. */
export function and(conditions: readonly SqlPart[]): Sql {
  return conditions.length === 0 ? concat(["true"]) : concat(conditions, " and ");
}
