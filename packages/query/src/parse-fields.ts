import { describe } from "@modlink/core/store";
import type { QueryEntity, QueryRelation } from "./query-entity";
import { requireService } from "./query-schema";
import { LINK_FIELD } from "./relation-names";
import { invalidQuery, unknownField } from "./query-errors";
import { linkColumnsOf } from "./query-plan";

/** The fields tree before paging is attached: mutable while parsing, then read only. */
export interface FieldTree {
  readonly entity: QueryEntity;
  /** How the parent reaches this entity; undefined at the root. */
  readonly relation: QueryRelation | undefined;
  readonly fields: Set<string>;
  readonly linkFields: Set<string>;
  readonly children: Map<string, FieldTree>;
}

function newTree(entity: QueryEntity, relation?: QueryRelation): FieldTree {
  return { entity: requireService(entity), relation, fields: new Set([entity.primaryKey]), linkFields: new Set(), children: new Map() };
}

/**
 * Turns `["id", "brand.*", "my_customs.link.metadata"]` into a tree of
 * entities. A relation named without a field means all its fields.
 */
export function parseFields(root: QueryEntity, fields: readonly string[] | undefined): FieldTree {
  const list = fields ?? ["*"];
  if (!Array.isArray(list) || list.length === 0) throw invalidQuery(`fields must be a non-empty array of strings such as ["id", "brand.*"].`, fields);
  const tree = newTree(root);
  for (const field of list) {
    if (typeof field !== "string" || field.length === 0)
      throw invalidQuery(`fields must be strings such as "title" or "brand.name"; got ${describe(field)}.`, field);
    addPath(tree, field.split("."), field);
  }
  return tree;
}

function addPath(start: FieldTree, segments: readonly string[], field: string): void {
  let node = start;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const last = i === segments.length - 1;
    const relation = node.entity.relations.get(segment);
    if (segment === "*" && last) {
      for (const own of node.entity.fields) node.fields.add(own);
    } else if (segment === LINK_FIELD && node.relation) {
      addLinkFields(node.relation, node.linkFields, segments.slice(i + 1), field);
      return;
    } else if (relation) {
      const child = node.children.get(segment) ?? newTree(relation.to, relation);
      node.children.set(segment, child);
      node = child;
      if (last) for (const own of node.entity.fields) node.fields.add(own);
    } else if (node.entity.fields.includes(segment) && last) {
      node.fields.add(segment);
    } else if (node.entity.fields.includes(segment)) {
      throw invalidQuery(`"${field}": "${segment}" is a field of ${node.entity.model}, not a relation, so nothing can follow it.`, field);
    } else {
      throw unknownField(node.entity.model, segment, `fields ("${field}")`, node.entity.fields, node.entity.relations.keys());
    }
  }
}

function addLinkFields(relation: QueryRelation, into: Set<string>, rest: readonly string[], field: string): void {
  if (relation.kind === "read-only") {
    throw invalidQuery(`"${field}": ${relation.name} is a read-only link; it has no link row to read.`, field);
  }
  const columns = linkColumnsOf(relation);
  const column = rest[0] ?? "*";
  if (rest.length > 1 || (column !== "*" && !columns.includes(column))) {
    throw invalidQuery(
      `"${field}": the link of ${relation.name} (${relation.definition.label}) has no column "${rest.join(".")}". Its columns: ${columns.join(", ")}.`,
      field,
    );
  }
  for (const name of column === "*" ? columns : [column]) into.add(name);
}
