import { LinkError } from "@modlink/core";

/** Ids quoted in a message; the error's `ids` holds them all. */
const QUOTED_IDS = 10;
/** Longest id quoted in a message: ids are the caller's data. */
const QUOTED_ID_LENGTH = 60;

/**
 * A `graph` call asked for records that must exist and do not (code
 * `RECORD_NOT_FOUND`): ids of the root filter that no returned record has
 * (`throwIfKeyNotFound`), or returned records without any linked record
 * under a relation that must have one (`throwIfRelationNotFound`). Nothing
 * is returned.
 *
 * @example
 * try { await query.graph({ entity: "product", filters: { id } }, { throwIfKeyNotFound: true }) } catch (err) {
 *   if (err instanceof RecordNotFoundError) reply(404, err.message)
 * }
 */
export class RecordNotFoundError extends LinkError {
  /** The model whose records were not found, or whose records have no linked record under `relation`. */
  readonly entity: string;
  /** The ids not found; with `relation`, the ids of the records that have no linked record. */
  readonly ids: readonly string[];
  /** The relation path, as written in `fields` (`brand`, `products.my_customs`); undefined when root ids were not found. */
  readonly relation: string | undefined;

  constructor(args: { entity: string; ids: readonly string[]; relation?: string; message: string }) {
    super("RECORD_NOT_FOUND", args.message);
    this.entity = args.entity;
    this.ids = Object.freeze([...args.ids]);
    this.relation = args.relation;
  }
}

/** The error for ids of `filters.<primaryKey>` that no returned record has. */
export function keysNotFound(args: { entity: string; primaryKey: string; ids: readonly string[]; withDeleted: boolean }): RecordNotFoundError {
  const { entity, primaryKey, ids, withDeleted } = args;
  const among = withDeleted ? "" : " among live records (soft-deleted ones count with withDeleted: true)";
  return new RecordNotFoundError({
    entity,
    ids,
    message:
      `throwIfKeyNotFound: no ${entity} record matching the filters has the ${primaryKey} ${quoteIds(ids)} of filters.${primaryKey}${among}. ` +
      `Check the ids and the other filters, or call graph() without throwIfKeyNotFound to get only the records that exist.`,
  });
}

/** The error for returned records that have no linked record under `path`. */
export function relationNotFound(args: { entity: string; ids: readonly string[]; path: string; isList: boolean; withDeleted: boolean }): RecordNotFoundError {
  const { entity, ids, path, isList, withDeleted } = args;
  const counted = withDeleted ? "" : " (live links to live records; withDeleted: true counts soft-deleted ones too)";
  return new RecordNotFoundError({
    entity,
    ids,
    relation: path,
    message:
      `throwIfRelationNotFound: the ${entity} record${ids.length === 1 ? "" : "s"} ${quoteIds(ids)} ` +
      `${ids.length === 1 ? "has" : "have"} no linked record under "${path}"${counted}. ` +
      `Link ${ids.length === 1 ? "it" : "them"}, or leave "${path}" out of throwIfRelationNotFound (list the relations that must be there) ` +
      `to get ${isList ? "an empty list" : "null"} instead.`,
  });
}

/** `"a", "b"`, the first few only: `"a", "b", … and 12 more`. */
function quoteIds(ids: readonly string[]): string {
  const quoted = ids.slice(0, QUOTED_IDS).map((id) => JSON.stringify(id.length > QUOTED_ID_LENGTH ? `${id.slice(0, QUOTED_ID_LENGTH)}…` : id));
  return ids.length > QUOTED_IDS ? `${quoted.join(", ")}, … and ${ids.length - QUOTED_IDS} more` : quoted.join(", ");
}
