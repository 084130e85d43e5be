import { type AnyLinkDefinition, LinkDefinitionError, type LinkGraph, type LinkTable, linkTableOf } from "@modlink/core";
import type { QueryableModuleService, RecordCallOptions, RecordPage, RecordQuery } from "./queryable-module";
import { type ReadOnlyLink, defineReadOnlyLink } from "./read-only-link";

/**
 * Reads the rows of one link table as records for `LinkQuery`: the same
 * `RecordQuery` a module answers (ids, conditions, order, page, count),
 * over the columns `id`, the two key columns, the extra columns and the
 * timestamps; soft-deleted rows only with `withDeleted`.
 * `@modlink/knex`'s `linkTableRecords(knex, { schema })` is one.
 */
export type LinkRecordsReader = (table: LinkTable, query: RecordQuery, options: RecordCallOptions | undefined) => Promise<RecordPage>;

/** The module name the link entities are filed under (`links.product_brand` when a model of that name exists too). */
export const LINK_ENTITY_MODULE = "links";

/** What a link contributes to the query schema: its rows as records, and a relation from them to each side's record. */
export interface LinkEntities {
  readonly module: QueryableModuleService;
  readonly readOnlyLinks: readonly ReadOnlyLink[];
}

/**
 * Every link of `graph` as a query entity named by its `entryPoint`, read by
 * `read`, with a relation named after each side's model to that side's
 * record: `graph({ entity: "product_brand", fields: ["metadata", "product.*", "brand.*"] })`.
 */
export function linkEntities(graph: LinkGraph, read: LinkRecordsReader, modules: Readonly<Record<string, unknown>>): LinkEntities {
  if (Object.hasOwn(modules, LINK_ENTITY_MODULE)) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `LinkQuery files link entities under the module name "${LINK_ENTITY_MODULE}", which one of your modules has. ` +
        "Rename that module, or leave out linkRecords.",
    );
  }
  const byEntryPoint = new Map<string, AnyLinkDefinition>();
  for (const definition of graph.definitions) {
    const clash = byEntryPoint.get(definition.entryPoint);
    if (clash) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `Links ${clash.label} and ${definition.label} would both be the query entity "${definition.entryPoint}". ` +
          "Give one of them a name (defineLink(..., { name })) to tell them apart.",
        definition.label,
      );
    }
    byEntryPoint.set(definition.entryPoint, definition);
  }
  const tables = new Map([...byEntryPoint].map(([entryPoint, definition]) => [entryPoint, linkTableOf(definition)]));
  const module: QueryableModuleService = {
    models: Object.fromEntries([...byEntryPoint].map(([entryPoint, definition]) => [entryPoint, { fields: fieldsOf(definition) }])),
    listRecords: (model, query, options) => read(tables.get(model) as LinkTable, query, options),
  };
  const readOnlyLinks = [...byEntryPoint].flatMap(([entryPoint, definition]) =>
    (["left", "right"] as const).map((side) =>
      defineReadOnlyLink(
        { linkable: { module: LINK_ENTITY_MODULE, model: entryPoint, key: `${entryPoint}_id`, primaryKey: "id" }, field: definition[side].column },
        definition[side].linkable,
      ),
    ),
  );
  return { module, readOnlyLinks };
}

/** A link row's columns, as `list()` names them. */
function fieldsOf(definition: AnyLinkDefinition): string[] {
  return ["id", definition.left.column, definition.right.column, ...Object.keys(definition.extraColumns), "created_at", "updated_at", "deleted_at"];
}
