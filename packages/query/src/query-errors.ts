/** The errors of queries, made in one place so their codes and wording stay consistent. */

function listed(names: Iterable<string>): string {
  const sorted = [...names].sort();
  return sorted.length ? sorted.join(", ") : "(none)";
}

export function unknownEntity(entity: unknown, known: Iterable<string>): LinkInputError {
  return new LinkInputError("UNKNOWN_ENTITY", `Unknown entity ${describe(entity)}. Queryable entities: ${listed(known)}.`, entity);
}

export function ambiguousEntity(entity: string, qualified: readonly string[]): LinkInputError {
  return new LinkInputError("UNKNOWN_ENTITY", `Entity "${entity}" is a model of several modules; name one as module.model: ${listed(qualified)}.`, entity);
}

/** `where` is a readable location, e.g. `fields` or `filters.brand`. */
export function unknownField(entity: string, field: string, where: string, fields: Iterable<string>, relations: Iterable<string>): LinkInputError {
  const relationList = [...relations];
  return new LinkInputError(
    "UNKNOWN_FIELD",
    `Unknown field "${field}" of ${entity} in ${where}. Its fields: ${listed(fields)}` +
      (relationList.length ? `; its relations: ${listed(relationList)}.` : "; it has no relations."),
    field,
  );
}

export function unknownRelation(entity: string, relation: string, where: string, relations: Iterable<string>): LinkInputError {
  return new LinkInputError("UNKNOWN_LINK", `${entity} has no relation "${relation}" (in ${where}). Its relations: ${listed(relations)}.`, relation);
}

export function invalidQuery(message: string, input?: unknown): LinkInputError {
  return new LinkInputError("INVALID_INPUT", message, input);
}

export function missingQueryService(module: string, entity: string): LinkSetupError {
  return new LinkSetupError(
    "MISSING_SERVICE",
    `Reading ${entity} needs a query service for module "${module}": pass it in LinkQuery's \`modules\` as ${module}: { models, listRecords }.`,
  );
}
import { LinkInputError, LinkSetupError } from "@modlink/core";
import { describe } from "@modlink/core/store";
