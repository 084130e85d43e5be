import { describe, isPlainObject } from "@modlink/core/store";
import { readOptions } from "./option-names";
import type { OrderInput } from "./query-input";
import { invalidQuery, unknownField, unknownRelation } from "./query-errors";
import type { SortKey } from "./query-plan";
import { linkColumnsOf } from "./query-plan";
import { type OrderTerm, type SortDirection, SortDirections } from "./queryable-module";
import type { QueryEntity, QueryRelation } from "./query-entity";
import { requireService } from "./query-schema";
import { LINK_FIELD } from "./relation-names";

function readTerm(input: OrderInput, where: string): { field: string; direction: SortDirection } {
  if (isPlainObject(input)) readOptions(input, `${where} term`, ["field", "direction"]);
  const field = typeof input === "string" ? input : input?.field;
  const direction = typeof input === "string" ? "asc" : (input?.direction ?? "asc");
  if (typeof field !== "string" || field.length === 0 || !(SortDirections as readonly unknown[]).includes(direction)) {
    throw invalidQuery(`${where} takes "field", "relation.field" or { field, direction: "asc" | "desc" }; got ${describe(input)}.`, input);
  }
  return { field, direction };
}

function readList(order: readonly OrderInput[] | undefined, where: string): readonly OrderInput[] {
  if (order === undefined) return [];
  if (!Array.isArray(order)) throw invalidQuery(`${where} must be an array of sort keys, e.g. ["brand.name", { field: "title", direction: "desc" }].`, order);
  return order;
}

/**
 * Root sort keys: own fields, or fields reached through "one" relations
 * (`brand.name`); a list relation has no single value to sort by.
 */
export function parseRootOrder(root: QueryEntity, order: readonly OrderInput[] | undefined): SortKey[] {
  return readList(order, "order").map((input) => {
    const { field, direction } = readTerm(input, "order");
    const segments = field.split(".");
    const path: QueryRelation[] = [];
    let entity = root;
    for (const segment of segments.slice(0, -1)) {
      const relation = entity.relations.get(segment);
      if (!relation) throw unknownRelation(entity.model, segment, `order ("${field}")`, entity.relations.keys());
      if (relation.isList) {
        throw invalidQuery(
          `order "${field}": ${segment} is a list of ${relation.to.model} records, so it gives no single value to sort ${root.model} by. ` +
            `Sort by a field of a "one" relation.`,
          input,
        );
      }
      path.push(relation);
      entity = requireService(relation.to);
    }
    const last = segments[segments.length - 1] as string;
    if (!entity.fields.includes(last)) throw unknownField(entity.model, last, `order ("${field}")`, entity.fields, entity.relations.keys());
    return { path, field: last, direction };
  });
}

/**
 * Order within one parent's list: the target's own fields or `link.<column>`,
 * always ending with the primary key so lists are stable.
 */
export function parseNestedOrder(relation: QueryRelation, order: readonly OrderInput[] | undefined, where: string): OrderTerm[] {
  const target = relation.to;
  const terms = readList(order, where).map((input) => {
    const term = readTerm(input, where);
    const [head, column, ...rest] = term.field.split(".");
    if (head === LINK_FIELD && column !== undefined && rest.length === 0) {
      const columns = linkColumnsOf(relation);
      if (!columns.includes(column)) {
        throw invalidQuery(
          `${where}: the link of ${relation.name} has no column "${column}"${columns.length ? `; its columns: ${columns.join(", ")}` : " (it is read-only)"}.`,
          input,
        );
      }
      return term;
    }
    if (column !== undefined || !target.fields.includes(term.field)) {
      throw unknownField(target.model, term.field, where, [...target.fields, ...linkColumnsOf(relation).map((c) => `${LINK_FIELD}.${c}`)], []);
    }
    return term;
  });
  return [...terms, { field: target.primaryKey, direction: "asc" }];
}
