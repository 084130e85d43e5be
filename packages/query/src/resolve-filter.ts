import { type Row, fetchTask, keyOf } from "./fetch-records";
import type { EntityFilter } from "./query-plan";
import type { LinkRelation } from "./query-entity";
import type { FieldCondition } from "./queryable-module";
import type { HopContext } from "./read-hops";

/** What a filter leaves of an entity: conditions on its own fields, and maybe an id set. */
export interface Restriction {
  /** Undefined: no id constraint. */
  readonly ids: readonly string[] | undefined;
  readonly conditions: readonly FieldCondition[];
}

/**
 * Reduces relation filters to a restriction on the entity's own records,
 * without joins: fetch the linked records that match (recursively), then map
 * them back through the link table (ids) or the read-only key (a condition).
 * A list relation matches when some linked record matches.
 */
export async function resolveFilter(context: HopContext, filter: EntityFilter): Promise<Restriction> {
  const conditions = [...filter.conditions];
  let ids: Set<string> | undefined;
  for (const { relation, filter: inner } of filter.relations) {
    const target = await resolveFilter(context, inner);
    const fields = relation.kind === "read-only" ? [relation.toField] : [];
    const matches = await fetchTask(relation.to, { ...target, fields, take: context.budget.readLimit }, context).run();
    context.budget.checkRead(matches.rows.length, `The filter on "${relation.name}" matched`, NARROW);
    if (relation.kind === "read-only") {
      conditions.push({ field: relation.fromField, op: "in", value: distinctValues(matches.rows, relation.toField) });
      continue;
    }
    const targetIds = matches.rows.map((row) => keyOf(row, relation.to));
    const parents = await parentsLinkedTo(context, relation, targetIds);
    ids = new Set(ids === undefined ? parents : parents.filter((id) => ids?.has(id)));
  }
  return { ids: ids && [...ids], conditions };
}

async function parentsLinkedTo(context: HopContext, relation: LinkRelation, targetIds: readonly string[]): Promise<string[]> {
  if (targetIds.length === 0 || !context.store) return [];
  const filter = { [relation.toSide]: targetIds, withDeleted: context.withDeleted, limit: context.budget.readLimit };
  const links = await context.store.transaction((tx) => tx.listLinks(relation.table, filter));
  context.budget.checkRead(links.length, `The filter on "${relation.name}" reached links to`, NARROW);
  return [...new Set(links.map((link) => link[relation.fromSide]))];
}

/** Relation filters are resolved in memory here: only a narrower filter reads less. */
const NARROW = "Narrow the relation filter, or give its modules an sqlSource in the store's database so it runs as one SQL statement.";

function distinctValues(rows: readonly Row[], field: string): unknown[] {
  const values = new Map<string, unknown>();
  for (const row of rows) if (row[field] !== null && row[field] !== undefined) values.set(String(row[field]), row[field]);
  return [...values.values()];
}
