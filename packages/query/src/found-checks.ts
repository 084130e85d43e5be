import { type Row, keyOf } from "./fetch-records";
import type { CallOptions } from "./graph-options";
import type { HopResult } from "./hop";
import { listOf } from "@modlink/core/store";
import { invalidQuery } from "./query-errors";
import type { QueryPlan, RelationNode } from "./query-plan";
import { keysNotFound, relationNotFound } from "./record-not-found";

/** What a call must find, from `throwIfKeyNotFound` and `throwIfRelationNotFound`, checked against its plan. */
export interface FoundChecks {
  /** The root ids, as text and in the filter's order, that must all come back; undefined: not checked. */
  readonly keys: readonly string[] | undefined;
  /** Paths of the selected relations under which every record read must have a linked record. */
  readonly relations: ReadonlySet<string>;
}

/**
 * Turns the call's options into checks on this plan, refusing with
 * `INVALID_INPUT` (before any read) what cannot be checked: ids asked for
 * without ids in the filter, a page that could leave some out, relation
 * paths that `fields` does not select.
 */
export function planFoundChecks(plan: QueryPlan, call: CallOptions): FoundChecks {
  return { keys: call.throwIfKeyNotFound ? rootKeys(plan) : undefined, relations: requiredPaths(plan, call.requiredRelations) };
}

/** Fails when some id of `keys` is not among `rows`, the whole set of matching root records. */
export function checkKeysFound(plan: QueryPlan, keys: readonly string[] | undefined, rows: readonly Row[]): void {
  if (keys === undefined) return;
  const { entity } = plan.root;
  const found = new Set(rows.map((row) => keyOf(row, entity)));
  const missing = keys.filter((key) => !found.has(key));
  if (missing.length > 0) throw keysNotFound({ entity: entity.model, primaryKey: entity.primaryKey, ids: missing, withDeleted: plan.withDeleted });
}

/**
 * Fails when some parent has no record under `node`'s relation in `result`,
 * the relation as read (before a nested page cuts the list). The ids are
 * sorted: parents come in the order of the reads above, which stores choose.
 */
export function checkRelationFound(node: RelationNode, parents: readonly Row[], result: HopResult, withDeleted: boolean): void {
  const from = node.relation.from;
  const missing = [...new Set(parents.map((row) => keyOf(row, from)))].filter((key) => (result.get(key)?.length ?? 0) === 0).sort();
  if (missing.length > 0) throw relationNotFound({ entity: from.model, ids: missing, path: node.path, isList: node.relation.isList, withDeleted });
}

/**
 * The ids `filters.<primaryKey>` gives as a value, an array, `$eq` or `$in`:
 * every one of them must come back. Other conditions on the key only narrow
 * what matches, so they may make an id not found.
 */
function rootKeys(plan: QueryPlan): string[] {
  const { entity } = plan.root;
  const given = plan.filter.conditions.filter(({ field, op }) => field === entity.primaryKey && (op === "eq" || op === "in"));
  if (given.length === 0) {
    throw invalidQuery(
      `throwIfKeyNotFound checks that a ${entity.model} record comes back for each id of the filter, so the filter must give ids: ` +
        `filters: { ${entity.primaryKey}: "<id>" } or { ${entity.primaryKey}: ["<id>", "<id>"] }. ` +
        `To fail on an empty result of other filters, check data.length instead.`,
      plan.filter.conditions,
    );
  }
  const keys = [...new Set(given.flatMap(({ value }) => (Array.isArray(value) ? value : [value])).map(String))];
  if (plan.skip > 0 || (plan.take !== undefined && plan.take < keys.length)) {
    throw invalidQuery(
      `throwIfKeyNotFound checks each of the ${keys.length} ids of filters.${entity.primaryKey} against the records returned, ` +
        `and pagination (skip ${plan.skip}, take ${plan.take ?? "none"}) could leave found ones out. ` +
        `Drop pagination.skip and take at least ${keys.length}, or drop pagination.`,
      { skip: plan.skip, take: plan.take },
    );
  }
  return keys;
}

/** The selected relation paths that must have a linked record: all, or the named ones, each of which must be selected. */
function requiredPaths(plan: QueryPlan, required: CallOptions["requiredRelations"]): ReadonlySet<string> {
  if (required.kind === "none") return new Set();
  const selected: string[] = [];
  let level: readonly RelationNode[] = plan.root.children;
  while (level.length > 0) {
    selected.push(...level.map((node) => node.path));
    level = level.flatMap((node) => node.children);
  }
  if (required.kind === "all") return new Set(selected);
  const unknown = required.paths.filter((path) => !selected.includes(path));
  if (unknown.length > 0) {
    throw invalidQuery(
      `throwIfRelationNotFound names ${listOf(unknown.map((path) => JSON.stringify(path)))}, which fields do not select. ` +
        `Name relations by their path in fields (${selected.length > 0 ? `selected here: ${listOf(selected)}` : "this query selects none"}), ` +
        `or add them to fields, e.g. "${unknown[0]}.id".`,
      required.paths,
    );
  }
  return new Set(required.paths);
}
