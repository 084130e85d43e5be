import { compareValues } from "./compare-values";
import type { FieldCondition } from "./queryable-module";

type Row = Readonly<Record<string, unknown>>;

/**
 * Whether a row meets every condition: the in-memory meaning of each
 * operator, for modules that keep records in memory and for tests.
 *
 * @example rows.filter((row) => matchesConditions(row, query.conditions))
 */
export function matchesConditions(row: Row, conditions: readonly FieldCondition[]): boolean {
  return conditions.every((condition) => matchesCondition(row[condition.field], condition));
}

function matchesCondition(value: unknown, { op, value: expected }: FieldCondition): boolean {
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
      return !missing && likePattern(String(expected), op === "ilike").test(String(value));
  }
}

/** SQL LIKE: `%` any run, `_` one character, `\` escapes. */
function likePattern(pattern: string, ignoreCase: boolean): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === "\\" && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] as string);
    else if (char === "%") source += "[\\s\\S]*";
    else if (char === "_") source += "[\\s\\S]";
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
