import type { GraphFilters, GraphQuery, OrderInput } from "@modlink/query";
import { HttpError } from "./http-error.js";

/** Page size when `take` is not given, and the largest one allowed. */
export const DEFAULT_TAKE = 20;
export const MAX_TAKE = 100;
const MAX_SKIP = 1_000_000_000;

/**
 * The querystring of a listing route as fastify hands it over, checked by
 * `listingQuerystringSchema`: `fields`, `order`, `skip`, `take`,
 * `withDeleted` and the route's filters, strings only (no coercion).
 */
export type ListingQuerystring = Readonly<Record<string, string | undefined>>;

/** A route's entity, its default fields, and how each of its filter parameters reads. */
export interface ListingSpec {
  readonly entity: string;
  readonly defaultFields: readonly string[];
  /** Querystring parameter -> the `query.graph` filters it means. */
  readonly filters: Readonly<Record<string, (value: string) => GraphFilters>>;
}

/**
 * The JSON schema of a listing's querystring: known names only, short strings.
 * Values are read (and their errors worded) by `toGraphQuery`.
 */
export function listingQuerystringSchema(spec: ListingSpec) {
  const text = (maxLength: number) => ({ type: "string", minLength: 1, maxLength }) as const;
  return {
    type: "object",
    properties: {
      fields: text(1000),
      order: text(500),
      skip: text(10),
      take: text(10),
      withDeleted: { type: "string", enum: ["true", "false"] },
      ...Object.fromEntries(Object.keys(spec.filters).map((name) => [name, text(200)])),
    },
    additionalProperties: false,
  } as const;
}

/**
 * Turns a listing's querystring into the input of `query.graph`:
 * `fields=id,brand.name`, `order=brand.name,-title` (`-` for descending),
 * `skip`, `take` (default 20, at most 100), `withDeleted=true` and the
 * route's filters. Names of fields are left to `LinkQuery`, which answers
 * unknown ones with `UNKNOWN_FIELD` naming what exists.
 *
 * @example toGraphQuery(productListing, { fields: "id,brand.name", brand: "Acme", take: "10" })
 * @throws HttpError 400 INVALID_INPUT for empty names and numbers out of range.
 */
export function toGraphQuery(spec: ListingSpec, query: ListingQuerystring): GraphQuery {
  const filters = Object.keys(spec.filters).flatMap((name) => {
    const value = query[name];
    const filter = spec.filters[name];
    return value === undefined || !filter ? [] : [filter(value)];
  });
  return {
    entity: spec.entity,
    fields: query.fields === undefined ? spec.defaultFields : names(query.fields, "fields"),
    filters: Object.assign({}, ...filters),
    order: query.order === undefined ? [] : names(query.order, "order").map(toOrder),
    pagination: { skip: integer(query.skip, "skip", 0, MAX_SKIP) ?? 0, take: integer(query.take, "take", 1, MAX_TAKE) ?? DEFAULT_TAKE },
    withDeleted: query.withDeleted === "true",
  };
}

/** `%text%` for `$ilike`, with the pattern characters of `text` taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function names(list: string, parameter: string): string[] {
  const items = list.split(",").map((item) => item.trim());
  const empty = items.findIndex((item) => item === "");
  if (empty >= 0) throw new HttpError(400, "INVALID_INPUT", `"${parameter}" has an empty name at position ${empty + 1}; separate names with single commas.`);
  return items;
}

function toOrder(item: string): OrderInput {
  return item.startsWith("-") ? { field: item.slice(1), direction: "desc" } : { field: item, direction: "asc" };
}

function integer(value: string | undefined, parameter: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) {
    throw new HttpError(400, "INVALID_INPUT", `"${parameter}" must be an integer from ${min} to ${max}, got "${value}".`);
  }
  return number;
}
