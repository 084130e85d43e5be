import { comparatorOf } from "./compare-values";
import { type Row, fetchTask, keyOf } from "./fetch-records";
import { fetchFieldsOf, pickOne } from "./load-relations";
import type { QueryPlan, SortKey } from "./query-plan";
import type { QueryRelation } from "./query-entity";
import type { OrderTerm } from "./queryable-module";
import { type HopContext, readHops } from "./read-hops";
import type { Restriction } from "./resolve-filter";

export interface RootPage {
  readonly rows: readonly Row[];
  readonly count: number;
}

/**
 * Fetches the page of root records. Sorting by own fields is the module's
 * job, with skip/take. Sorting by linked fields is done here: fetch the keys
 * of every matching record, read the sort values hop by hop, sort and slice
 * in memory, then fetch the page by id.
 */
export async function fetchRootPage(context: HopContext, plan: QueryPlan, restriction: Restriction): Promise<RootPage> {
  const { entity } = plan.root;
  const fields = fetchFieldsOf(plan.root);
  const ids = restriction.ids;
  if (plan.order.every((key) => key.path.length === 0)) {
    const order = plan.order.map(({ field, direction }) => ({ field, direction }));
    const take = plan.take ?? context.budget.readLimit;
    const page = await fetchTask(entity, { ids, conditions: restriction.conditions, fields, order, skip: plan.skip, take, withCount: true }, context).run();
    checkUnpagedRoot(context, plan, page.rows.length);
    return page;
  }
  const firstHops = plan.order.flatMap((key) => (key.path[0]?.kind === "read-only" ? [key.path[0].fromField] : []));
  const ownSorts = plan.order.filter((key) => key.path.length === 0).map((key) => key.field);
  const request = { ids, conditions: restriction.conditions, fields: [...ownSorts, ...firstHops], take: context.budget.readLimit };
  const candidates = (await fetchTask(entity, request, context).run()).rows;
  context.budget.checkRead(
    candidates.length,
    `Sorting by a linked field sorts every matching ${entity.model} record in memory, and the query matched`,
    "Narrow the filters, or sort by the record's own fields.",
  );
  const values = await sortValues(context, plan, candidates);
  // Terms name sort keys by position: the values of key i are in values[i].
  const terms: OrderTerm[] = plan.order.map((key, index) => ({ field: String(index), direction: key.direction }));
  const sorted = [...candidates].sort(comparatorOf<Row>(terms, (row, index) => values[Number(index)]?.get(keyOf(row, entity))));
  const end = plan.take === undefined ? undefined : plan.skip + plan.take;
  const pageIds = sorted.slice(plan.skip, end).map((row) => keyOf(row, entity));
  const rows = (await fetchTask(entity, { ids: pageIds, fields }, context).run()).rows;
  const byId = new Map<string, Row>(rows.map((row) => [keyOf(row, entity), row]));
  const ordered = pageIds.map((id) => byId.get(id)).filter((row): row is Row => row !== undefined);
  return { rows: ordered, count: candidates.length };
}

/** Without `pagination.take`, the root page is every match: bounded by the budget all the same. */
export function checkUnpagedRoot(context: HopContext, plan: QueryPlan, rows: number): void {
  if (plan.take === undefined) context.budget.checkRead(rows, `The query matched`, "Page it with pagination.take, or narrow the filters.");
}

/**
 * For each sort key, the value of every candidate by the candidate's key.
 * Keys are walked one after another: the store may have a single connection.
 */
async function sortValues(context: HopContext, plan: QueryPlan, candidates: readonly Row[]): Promise<Map<string, unknown>[]> {
  const values: Map<string, unknown>[] = [];
  for (const key of plan.order) {
    values.push(
      key.path.length === 0 ? new Map(candidates.map((row) => [keyOf(row, plan.root.entity), row[key.field]])) : await linkedValues(context, key, candidates),
    );
  }
  return values;
}

/**
 * Walks a chain of "one" relations from the candidates, one hop (one link
 * read and one fetch) at a time, and reads the field at its end.
 */
async function linkedValues(context: HopContext, key: SortKey, candidates: readonly Row[]): Promise<Map<string, unknown>> {
  const first = key.path[0] as QueryRelation;
  let reached = new Map(candidates.map((row) => [keyOf(row, first.from), row as Row | undefined]));
  for (const [index, relation] of key.path.entries()) {
    const next = key.path[index + 1];
    const fields = [next?.kind === "read-only" ? next.fromField : undefined, next ? undefined : key.field].filter((f): f is string => f !== undefined);
    const parents = [...new Map([...reached.values()].flatMap((row) => (row ? [[keyOf(row, relation.from), row] as const] : []))).values()];
    const [result] = await readHops(context, [{ relation, parents, fields }]);
    reached = new Map([...reached].map(([root, row]) => [root, row && pickOne(result?.get(keyOf(row, relation.from)))?.record] as const));
  }
  return new Map([...reached].map(([root, row]) => [root, row?.[key.field]]));
}
