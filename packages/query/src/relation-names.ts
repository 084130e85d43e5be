import { LinkDefinitionError } from "@modlink/core";
import { toSnakeCase } from "@modlink/core/store";
import type { QueryEntity, QueryRelation } from "./query-entity";

/** Reserved under a relation for the link row's own columns. */
export const LINK_FIELD = "link";

/**
 * English plural of a snake_case model name, by the common rules only:
 * `brand` -> `brands`, `category` -> `categories`, `box` -> `boxes`. Irregular
 * words get their name through `relationNames`.
 */
export function pluralize(name: string): string {
  const parts = name.split("_");
  const last = parts.pop() as string;
  const plural = /(s|x|z|ch|sh)$/.test(last) ? `${last}es` : /[^aeiou]y$/.test(last) ? `${last.slice(0, -1)}ies` : `${last}s`;
  return [...parts, plural].join("_");
}

/**
 * The name under which a record shows the records a relation leads to: the
 * target model, plural when the relation is a list, prefixed with the link's
 * own `name` when it has one (`main_brand`). Depends only on the definition,
 * so the same link always gives the same name and the same shape.
 *
 * @example relationName({ model: "my_custom", isList: true }) // "my_customs"
 */
export function relationName(target: { readonly model: string; readonly isList: boolean; readonly linkName: string | undefined }): string {
  const base = target.isList ? pluralize(target.model) : target.model;
  return target.linkName === undefined ? base : `${toSnakeCase(target.linkName)}_${base}`;
}

/**
 * Gives each relation its final name: a custom one from `renames` (keyed by
 * the derived name or, to tell apart relations deriving the same name, by the
 * target's `module.model`), else the derived one. Refuses two relations of
 * one entity with one name, names of the entity's fields, and unused renames.
 */
export function fileRelations(
  relations: readonly QueryRelation[],
  renames: ReadonlyMap<QueryEntity, Readonly<Record<string, string>>>,
): Map<QueryEntity, QueryRelation[]> {
  const filed = new Map<QueryEntity, Map<string, QueryRelation>>();
  const unused = new Map([...renames].map(([entity, byName]) => [entity, new Set(Object.keys(byName ?? {}))] as const));
  for (const relation of relations) {
    const byName = renames.get(relation.from) ?? {};
    const derivedTwice = relations.filter((other) => other.from === relation.from && other.name === relation.name).length > 1;
    const key = [relation.to.name, ...(derivedTwice ? [] : [relation.name])].find((k) => Object.hasOwn(byName, k));
    const custom = key === undefined ? undefined : byName[key];
    if (key !== undefined && (typeof custom !== "string" || custom.length === 0)) {
      throw new LinkDefinitionError("INVALID_DEFINITION", `relationNames.${relation.from.model}["${key}"] must be a non-empty string.`);
    }
    if (key !== undefined) unused.get(relation.from)?.delete(key);
    const named = custom === undefined ? relation : { ...relation, name: custom };
    const siblings = filed.get(relation.from) ?? new Map<string, QueryRelation>();
    assertFree(named, siblings.get(named.name));
    filed.set(relation.from, siblings.set(named.name, named));
  }
  for (const [entity, keys] of unused) {
    if (keys.size === 0) continue;
    const known = [...new Set(relations.filter((r) => r.from === entity).map((r) => r.name))];
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `relationNames renames ${[...keys].map((k) => `"${k}"`).join(", ")} of ${entity.name}, which has no such relation. ` +
        `Its relations: ${known.join(", ") || "(none)"}.`,
    );
  }
  return new Map([...filed].map(([entity, byName]) => [entity, [...byName.values()]]));
}

function assertFree(relation: QueryRelation, clash: QueryRelation | undefined): void {
  const { from, name } = relation;
  if (clash) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `${from.name} would have two relations named "${name}" (${labelOf(clash)} and ${labelOf(relation)}). ` +
        `Give one of the links a \`name\`, or rename one through relationNames: { ${from.model}: { "${relation.to.name}": "..." } }.`,
    );
  }
  if (name === LINK_FIELD || from.fields.includes(name)) {
    const taken = name === LINK_FIELD ? "the reserved link field" : "one of its fields";
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `Relation "${name}" of ${from.name} has the name of ${taken}. Rename it through relationNames: { ${from.model}: { ${name}: "..." } }.`,
    );
  }
}

function labelOf(relation: QueryRelation): string {
  return relation.kind === "link" ? relation.definition.label : relation.link.label;
}
