import type { GraphContext } from "./query-input";
import type { FieldCondition, OrderTerm, SortDirection } from "./queryable-module";
import type { QueryEntity, QueryRelation } from "./query-entity";

/**
 * The one internal shape of a query, made from user input by `planQuery`.
 * Everything in it is checked: entities have services, fields exist.
 */

/** What to read of an entity: its output fields and the relations below it. */
export interface SelectionNode {
  readonly entity: QueryEntity;
  /** Own fields in the output; always includes the primary key. */
  readonly fields: readonly string[];
  readonly children: readonly RelationNode[];
}

/** Paging of one parent's list, in memory. `order` fields are the target's own or `link.<column>`. */
export interface NestedPage {
  readonly skip: number;
  readonly take: number | undefined;
  readonly order: readonly OrderTerm[];
}

export interface RelationNode extends SelectionNode {
  readonly relation: QueryRelation;
  /** Relation names from the root, joined by dots: `products.my_customs`. */
  readonly path: string;
  /** Columns of the link row to show under `link`; empty: no `link` object. */
  readonly linkFields: readonly string[];
  readonly page: NestedPage;
}

/** Conditions on an entity: its own fields, and relations some linked record of which must match. */
export interface EntityFilter {
  readonly conditions: readonly FieldCondition[];
  readonly relations: readonly { readonly relation: QueryRelation; readonly filter: EntityFilter }[];
}

/** A root sort key, reached through zero or more "one" relations. */
export interface SortKey {
  readonly path: readonly QueryRelation[];
  readonly field: string;
  readonly direction: SortDirection;
}

export interface QueryPlan {
  readonly root: SelectionNode;
  readonly filter: EntityFilter;
  readonly order: readonly SortKey[];
  readonly skip: number;
  readonly take: number | undefined;
  readonly withDeleted: boolean;
  /** The call's `context`, for every `listRecords` call; undefined when none was given. */
  readonly context: GraphContext | undefined;
}

/** The columns of a link row a query can read under `link`. */
export function linkColumnsOf(relation: QueryRelation): string[] {
  return relation.kind === "link" ? ["id", ...Object.keys(relation.table.extraColumns), "created_at", "updated_at", "deleted_at"] : [];
}
