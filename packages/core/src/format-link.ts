import type { AnyLinkDefinition } from "./define-link";
import type { LinkRow } from "./link-row";
import type { StoredLink } from "./link-store";

export type { LinkRow } from "./link-row";

/** A link as `list({ asLinkDefinition: true })` returns it: valid input for dismiss. */
export type LinkAsDefinition = Record<string, unknown>;

/** A stored row in `list()`'s shape; `definition` is a link definition or its `LinkTable` (both name the key columns). */
export function toLinkRow(definition: { readonly left: { readonly column: string }; readonly right: { readonly column: string } }, link: StoredLink): LinkRow {
  return {
    id: link.id,
    [definition.left.column]: link.left,
    [definition.right.column]: link.right,
    ...link.data,
    created_at: link.createdAt,
    updated_at: link.updatedAt,
    deleted_at: link.deletedAt,
  };
}

export function toLinkAsDefinition(definition: AnyLinkDefinition, link: StoredLink): LinkAsDefinition {
  const shaped: LinkAsDefinition = {
    [definition.left.module]: { [definition.left.key]: link.left },
    [definition.right.module]: { [definition.right.key]: link.right },
  };
  if (definition.name !== undefined) shaped.link = definition.name;
  if (Object.keys(definition.extraColumns).length > 0) shaped.data = { ...link.data };
  return shaped;
}
