import type { GraphFilters } from "./query-input";
import { invalidQuery, unknownField } from "./query-errors";
import type { EntityFilter } from "./query-plan";
import type { ConditionOperator, FieldCondition } from "./queryable-module";
import { type QueryEntity, requireService } from "./query-schema";

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

/**
 * Turns `{ title: "x", brand: { name: { $like: "a%" } } }` into conditions on
 * the entity's own fields and filters on its relations. `where` names the
 * position in the input for messages (`filters`, `filters.brand`).
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
      relations.push({ relation, filter: parseFilters(relation.to, value as GraphFilters, `${where}.${key}`) });
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
  if (Array.isArray(value)) return [{ field, op: "in", value: [...value] }];
  if (!isPlainObject(value)) return [{ field, op: "eq", value }];
  return Object.entries(value).flatMap(([key, operand]): FieldCondition[] => {
    if (!Object.hasOwn(OPERATORS, key)) {
      throw invalidQuery(`${where} uses "${key}"; the operators are ${Object.keys(OPERATORS).join(", ")}.`, value);
    }
    const operator = key as InputOperator;
    if (operand === undefined) return [];
    if (LIST_OPERATORS.includes(operator) !== Array.isArray(operand)) {
      throw invalidQuery(`${where}.${operator} must be ${LIST_OPERATORS.includes(operator) ? "an array" : "a single value"}.`, operand);
    }
    if (operator === "$null" && typeof operand !== "boolean") throw invalidQuery(`${where}.$null must be true or false.`, operand);
    if (operand === null && (operator === "$eq" || operator === "$ne")) return [{ field, op: "null", value: operator === "$eq" }];
    if (operand === null && operator !== "$null") throw invalidQuery(`${where}.${operator} cannot compare with null; use $null.`, operand);
    return [{ field, op: OPERATORS[operator], value: Array.isArray(operand) ? [...operand] : operand }];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
