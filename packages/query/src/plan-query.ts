import { describe } from "@modlink/core/store";
import { readOptions } from "./option-names";
import { type FieldTree, parseFields } from "./parse-fields";
import { parseFilters } from "./parse-filters";
import { parseNestedOrder, parseRootOrder } from "./parse-order";
import type { GraphQuery, RelationPagination } from "./query-input";
import { checkInputSize, checkPlanCost } from "./query-cost";
import { invalidQuery } from "./query-errors";
import type { QueryLimits } from "./query-limits";
import type { NestedPage, QueryPlan, RelationNode, SelectionNode } from "./query-plan";
import { type QuerySchema, requireService } from "./query-schema";

const QUERY_KEYS = ["entity", "fields", "filters", "order", "pagination", "withDeleted", "context"] as const;
const PAGE_KEYS = ["skip", "take", "relations"] as const;

/**
 * Checks a query against the schema and its cost against `limits`, and
 * normalises it into a `QueryPlan`, before anything is fetched: bad or too
 * costly input never costs a round trip.
 */
export function planQuery(schema: QuerySchema, input: GraphQuery, limits: QueryLimits): QueryPlan {
  if (typeof input !== "object" || input === null) {
    throw invalidQuery(`graph() takes { entity, fields?, filters?, order?, pagination?, withDeleted?, context? }.`, input);
  }
  readOptions(input, "graph()", QUERY_KEYS);
  checkInputSize(input, limits);
  const plan = planChecked(schema, input);
  checkPlanCost(plan, limits);
  return plan;
}

function planChecked(schema: QuerySchema, input: GraphQuery): QueryPlan {
  const entity = requireService(schema.entity(input.entity));
  const pagination = input.pagination ?? {};
  readOptions(pagination, "pagination", PAGE_KEYS);
  const pages = new Map(Object.entries(pagination.relations ?? {}));
  const tree = parseFields(entity, input.fields);
  const root: SelectionNode = { entity, fields: [...tree.fields], children: childrenOf(tree, "", pages) };
  if (pages.size > 0) {
    const unselected = [...pages.keys()];
    throw invalidQuery(
      `pagination.relations names ${unselected.map((p) => `"${p}"`).join(", ")}, which fields do not select. ` +
        `Add them to fields, e.g. "${unselected[0]}.id".`,
      pagination.relations,
    );
  }
  return {
    root,
    filter: parseFilters(entity, input.filters),
    order: parseRootOrder(entity, input.order),
    skip: count(pagination.skip, "pagination.skip") ?? 0,
    take: count(pagination.take, "pagination.take"),
    withDeleted: input.withDeleted === true,
    context: moduleContext(input.context),
  };
}

/** Any object, kept as it is (the same object reaches every module); anything else is refused. */
function moduleContext(context: unknown): QueryPlan["context"] {
  if (context === undefined) return undefined;
  if (typeof context !== "object" || context === null || Array.isArray(context)) {
    throw invalidQuery(
      `context must be an object, passed as it is to every module's listRecords, e.g. { locale: "fr-FR" }; got ${describe(context)}.`,
      context,
    );
  }
  return context as QueryPlan["context"];
}

/** Builds the relation nodes below `tree`, taking (and removing) their pages from `pages`. */
function childrenOf(tree: FieldTree, prefix: string, pages: Map<string, RelationPagination>): RelationNode[] {
  return [...tree.children].map(([name, child]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const relation = child.relation;
    if (!relation) throw new Error(`internal: ${path} has no relation`);
    const page = pages.get(path);
    pages.delete(path);
    return {
      entity: child.entity,
      fields: [...child.fields],
      relation,
      path,
      linkFields: [...child.linkFields],
      page: nestedPage(page, path, relation.isList, (order, where) => parseNestedOrder(relation, order, where)),
      children: childrenOf(child, path, pages),
    };
  });
}

function nestedPage(
  page: RelationPagination | undefined,
  path: string,
  isList: boolean,
  parseOrder: (order: RelationPagination["order"], where: string) => NestedPage["order"],
): NestedPage {
  const where = `pagination.relations["${path}"]`;
  if (page !== undefined && !isList) throw invalidQuery(`${where}: ${path} is a "one" relation (an object or null); only lists are paged.`, page);
  if (page !== undefined) readOptions(page, where, ["skip", "take", "order"]);
  return { skip: count(page?.skip, `${where}.skip`) ?? 0, take: count(page?.take, `${where}.take`), order: parseOrder(page?.order, `${where}.order`) };
}

function count(value: unknown, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw invalidQuery(`${where} must be a whole number of 0 or more; got ${describe(value)}.`, value);
  return value as number;
}
