import { describe, isPlainObject, isStorableText } from "@modlink/core/store";
import { parseLikePattern } from "./like-pattern";
import type { GraphFilters } from "./query-input";
import { invalidQuery, unknownField } from "./query-errors";
import type { EntityFilter } from "./query-plan";
import type { ConditionOperator, FieldCondition } from "./queryable-module";
import type { QueryEntity } from "./query-entity";
import { requireService } from "./query-schema";

/** Input operator -> module operator. `$null` and null values are handled apart. */
const OPERATORS = {
  $eq: "eq",
  $ne: "ne",
  $in: "in",
  $nin: "nin",
  $gt: "gt",
  $gte: "gte",
  $lt: "lt",
  $lte: "lte",
  $like: "like",
  $ilike: "ilike",
  $null: "null",
} as const satisfies Record<string, ConditionOperator>;

type InputOperator = keyof typeof OPERATORS;
const LIST_OPERATORS: readonly InputOperator[] = ["$in", "$nin"];
const PATTERN_OPERATORS: readonly InputOperator[] = ["$like", "$ilike"];

/**
 * Most values one `$in`/`$nin` list (or a bare array, its shorthand) may
 * hold: each value is a bound parameter or an in-memory comparison, and a
 * list this long is better expressed as a filter on a relation.
 */
export const MAX_FILTER_LIST_VALUES = 1_000;

const SCALARS = "a string, a finite number, a boolean, a bigint or a valid Date";

/**
 * Turns `{ title: "x", brand: { name: { $like: "a%" } } }` into conditions on
 * the entity's own fields and filters on its relations. `where` names the
 * position in the input for messages (`filters`, `filters.brand`). Every
 * value is checked against its operator here, so a store never sees one it
 * cannot compare: bad values are `INVALID_INPUT` naming their position.
 */
export function parseFilters(entity: QueryEntity, filters: GraphFilters | undefined, where = "filters"): EntityFilter {
  if (filters === undefined) return { conditions: [], relations: [] };
  if (!isPlainObject(filters)) throw invalidQuery(`${where} must be an object of { field: value } or { relation: { ... } }.`, filters);
  requireService(entity);
  const conditions: FieldCondition[] = [];
  const relations: EntityFilter["relations"][number][] = [];
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    const relation = entity.relations.get(key);
    if (relation) {
      if (!isPlainObject(value)) throw invalidQuery(`${where}.${key} is a relation: give the filters of its records, e.g. { ${key}: { id: "..." } }.`, value);
      relations.push({ relation, filter: parseFilters(relation.to, value, `${where}.${key}`) });
    } else if (entity.fields.includes(key)) {
      conditions.push(...fieldConditions(key, value, `${where}.${key}`));
    } else {
      throw unknownField(entity.model, key, where, entity.fields, entity.relations.keys());
    }
  }
  return { conditions, relations };
}

function fieldConditions(field: string, value: unknown, where: string): FieldCondition[] {
  if (value === null) return [{ field, op: "null", value: true }];
  if (Array.isArray(value)) return [{ field, op: "in", value: scalarList(value, where) }];
  if (!isPlainObject(value)) return [{ field, op: "eq", value: scalar(value, where) }];
  return Object.entries(value).flatMap(([key, operand]): FieldCondition[] => {
    if (!Object.hasOwn(OPERATORS, key)) {
      throw invalidQuery(`${where} uses "${key}"; the operators are ${Object.keys(OPERATORS).join(", ")}.`, value);
    }
    const operator = key as InputOperator;
    const at = `${where}.${operator}`;
    if (operand === undefined) return [];
    if (operator === "$null") {
      if (typeof operand !== "boolean") throw invalidQuery(`${at} must be true (is null) or false (is not null), got ${describe(operand)}.`, operand);
      return [{ field, op: "null", value: operand }];
    }
    if (operand === null && (operator === "$eq" || operator === "$ne")) return [{ field, op: "null", value: operator === "$eq" }];
    if (operand === null) throw invalidQuery(`${at} cannot compare with null; use { $null: true } or { $null: false }.`, operand);
    if (LIST_OPERATORS.includes(operator)) {
      if (!Array.isArray(operand)) throw invalidQuery(`${at} must be an array of values, e.g. { ${operator}: ["a", "b"] }; got ${describe(operand)}.`, operand);
      return [{ field, op: OPERATORS[operator], value: scalarList(operand, at) }];
    }
    if (PATTERN_OPERATORS.includes(operator)) return [{ field, op: OPERATORS[operator], value: pattern(operand, at, operator === "$ilike") }];
    return [{ field, op: OPERATORS[operator], value: scalar(operand, at) }];
  });
}

/** The values of `$in`/`$nin` or of a bare array: at most MAX_FILTER_LIST_VALUES scalars. */
function scalarList(list: readonly unknown[], where: string): unknown[] {
  if (list.length > MAX_FILTER_LIST_VALUES) {
    throw invalidQuery(
      `${where} lists ${list.length} values; at most MAX_FILTER_LIST_VALUES (${MAX_FILTER_LIST_VALUES}) are allowed. ` +
        `Split the query into several, or filter on a relation instead of listing its ids.`,
      list,
    );
  }
  const values: unknown[] = [];
  // Indexes, not forEach: a hole in a sparse array is refused like undefined.
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item === null) {
      throw invalidQuery(`${where}[${i}] is null; a list holds values only (null equals nothing in SQL). Match nulls with { $null: true }.`, item);
    }
    values.push(scalar(item, `${where}[${i}]`));
  }
  return values;
}

/**
 * A value a store can compare: a storable string, a finite number, a
 * boolean, a bigint or a valid Date. A Date that is not a plain one (a
 * subclass, or one carrying its own methods, say a `toSQL` a query builder
 * would paste into SQL) is passed on as a plain Date of the same time.
 */
function scalar(value: unknown, where: string): unknown {
  const problem = scalarProblem(value);
  if (problem !== undefined) throw invalidQuery(`${where} ${problem}; a filter value is ${SCALARS}.`, value);
  return value instanceof Date && !isPlainDate(value) ? new Date(timeOf(value)) : value;
}

function isPlainDate(date: Date): boolean {
  return Object.getPrototypeOf(date) === Date.prototype && Reflect.ownKeys(date).length === 0;
}

/** The time of a real Date (NaN for anything that only claims to be one), never through its own methods. */
function timeOf(date: Date): number {
  try {
    return Date.prototype.getTime.call(date);
  } catch {
    return Number.NaN;
  }
}

function scalarProblem(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return textProblem(value);
    case "number":
      return Number.isFinite(value) ? undefined : `is ${value}, which no store compares`;
    case "boolean":
    case "bigint":
      return undefined;
    case "object":
      if (value instanceof Date) return Number.isNaN(timeOf(value)) ? "is an invalid Date" : undefined;
      if (Array.isArray(value)) return "is an array; lists go in $in or $nin and hold no nested arrays";
      if (value === null) return "is null";
      return "is an object; give one value, or an object of operators such as { $gte: 10 } directly on the field";
    default:
      return value === undefined ? "is undefined" : `is a ${typeof value}`;
  }
}

function textProblem(text: string): string | undefined {
  if (isStorableText(text)) return undefined;
  return text.includes("\u0000")
    ? "contains a NUL character (\\u0000), which PostgreSQL text cannot hold; remove it"
    : "contains an unpaired UTF-16 surrogate, which a database cannot store; send well-formed text";
}

/** A `$like`/`$ilike` pattern: a storable string that does not end in a lone escape. */
function pattern(operand: unknown, where: string, ignoreCase: boolean): string {
  if (typeof operand !== "string") throw invalidQuery(`${where} must be a string pattern such as "acme%", got ${describe(operand)}.`, operand);
  const problem = textProblem(operand);
  if (problem !== undefined) throw invalidQuery(`${where} ${problem}.`, operand);
  parseLikePattern(operand, ignoreCase, where);
  return operand;
}
