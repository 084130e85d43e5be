import type { GraphQuery } from "./query-input";
import { type QueryLimits, overLimit, revisitRefused } from "./query-limits";
import type { EntityFilter, QueryPlan, SelectionNode } from "./query-plan";
import type { QueryRelation } from "./query-entity";

/**
 * The checks of `QueryLimits` that the query itself answers, made before
 * anything is read. Counts and limits on what reads return are the job of
 * `RecordBudget`.
 */

/** Sizes of the raw input, checked before it is parsed. */
export function checkInputSize(input: GraphQuery, limits: QueryLimits): void {
  if (Array.isArray(input.fields) && input.fields.length > limits.maxFields) {
    throw overLimit(limits, "maxFields", `fields lists ${input.fields.length} entries`, `Select fewer fields, or "*" for all fields of an entity.`);
  }
  checkOrderLength(input.order, "order", limits);
  const relations = input.pagination?.relations;
  if (typeof relations === "object" && relations !== null) {
    for (const [path, page] of Object.entries(relations)) checkOrderLength(page?.order, `pagination.relations["${path}"].order`, limits);
  }
}

function checkOrderLength(order: unknown, where: string, limits: QueryLimits): void {
  if (Array.isArray(order) && order.length > limits.maxOrderTerms) {
    throw overLimit(limits, "maxOrderTerms", `${where} has ${order.length} sort keys`, "Sort by fewer keys; later keys only break ties.");
  }
}

/** Depth, revisits, filter terms and page sizes of a checked plan. */
export function checkPlanCost(plan: QueryPlan, limits: QueryLimits): void {
  checkSelection(plan.root, [], limits);
  const terms = checkFilter(plan.filter, "filters", [], limits);
  if (terms > limits.maxFilterTerms) {
    throw overLimit(limits, "maxFilterTerms", `filters hold ${terms} conditions and relation filters`, "Combine values with $in, or filter on fewer fields.");
  }
  for (const key of plan.order) {
    checkPath(key.path, [...key.path.map((relation) => relation.name), key.field].join("."), limits);
  }
  if (plan.take !== undefined && plan.take > limits.maxRecords) {
    throw overLimit(limits, "maxRecords", `pagination.take asks for ${plan.take} records`, "Read the records in pages.");
  }
}

function checkSelection(node: SelectionNode, above: readonly QueryRelation[], limits: QueryLimits): void {
  for (const child of node.children) {
    const path = [...above, child.relation];
    checkPath(path, child.path, limits);
    const take = child.page.take;
    if (child.relation.isList && take !== undefined && take > limits.maxListSize) {
      throw overLimit(limits, "maxListSize", `pagination.relations["${child.path}"].take asks for ${take} records per list`, "Read the list in pages.");
    }
    checkSelection(child, path, limits);
  }
}

/** Checks the relation filters below `filter` and returns its number of terms. */
function checkFilter(filter: EntityFilter, where: string, above: readonly QueryRelation[], limits: QueryLimits): number {
  let terms = filter.conditions.length + filter.relations.length;
  for (const { relation, filter: inner } of filter.relations) {
    const path = [...above, relation];
    const at = `${where}.${relation.name}`;
    checkPath(path, at, limits);
    terms += checkFilter(inner, at, path, limits);
  }
  return terms;
}

/** A path of relations from the root: not deeper than allowed, and no link twice unless allowed. */
function checkPath(path: readonly QueryRelation[], shown: string, limits: QueryLimits): void {
  if (path.length > limits.maxDepth) {
    throw overLimit(limits, "maxDepth", `"${shown}" follows ${path.length} relations`, "Query the far records as the root instead, or select fewer levels.");
  }
  if (limits.allowRevisits) return;
  const seen = new Set<string>();
  for (const relation of path) {
    const identity = linkIdentity(relation);
    if (seen.has(identity)) throw revisitRefused(shown, relation.kind === "link" ? relation.definition.label : relation.link.label);
    seen.add(identity);
  }
}

/**
 * What makes two relations the same link: its table, either direction; for
 * read-only links the two fields matched, whichever link declares which way.
 */
function linkIdentity(relation: QueryRelation): string {
  if (relation.kind === "link") return JSON.stringify(["table", relation.table.name]);
  const { from, to } = relation.link;
  const ends = [
    [from.module, from.model, from.field],
    [to.module, to.model, to.field],
  ]
    .map((end) => JSON.stringify(end))
    .sort();
  return JSON.stringify(["fields", ...ends]);
}
