import { compareValues } from "./compare-values";
import { matchesLike, parseLikePattern } from "./like-pattern";
import type { FieldCondition } from "./queryable-module";

type Row = Readonly<Record<string, unknown>>;

/**
 * Whether a row meets every condition: the in-memory meaning of each
 * operator, for modules that keep records in memory and for tests.
 * `like`/`ilike` mean what they mean in PostgreSQL (see `parseLikePattern`),
 * in time proportional to the value's length times the pattern's.
 *
 * @example rows.filter((row) => matchesConditions(row, query.conditions))
 */
export function matchesConditions(row: Row, conditions: readonly FieldCondition[]): boolean {
  return conditions.every((condition) => matchesCondition(row[condition.field], condition));
}

function matchesCondition(value: unknown, { field, op, value: expected }: FieldCondition): boolean {
  const missing = value === null || value === undefined;
  switch (op) {
    case "null":
      return missing === expected;
    case "eq":
      return !missing && compareValues(value, expected) === 0;
    case "ne":
      return !missing && compareValues(value, expected) !== 0;
    case "in":
      return !missing && (expected as readonly unknown[]).some((item) => compareValues(value, item) === 0);
    case "nin":
      return !missing && !(expected as readonly unknown[]).some((item) => compareValues(value, item) === 0);
    case "gt":
      return !missing && compareValues(value, expected) > 0;
    case "gte":
      return !missing && compareValues(value, expected) >= 0;
    case "lt":
      return !missing && compareValues(value, expected) < 0;
    case "lte":
      return !missing && compareValues(value, expected) <= 0;
    case "like":
    case "ilike":
      return !missing && matchesLike(String(value), parseLikePattern(String(expected), op === "ilike", `The ${op} pattern of "${field}"`));
  }
}
