/**
 * Bounds on the work one `LinkQuery.graph` call may do, so that no request
 * (say, a `fields` list sent over HTTP) can make the engine read or build
 * without end. Exceeding one is a `QueryCostError` (`QUERY_TOO_COSTLY`).
 */
export interface QueryLimits {
  /** Relations followed from the root in one path of `fields`, `filters` or `order`. */
  readonly maxDepth: number;
  /**
   * Whether one path may follow the same link twice, e.g. `brand.products.brand`
   * or a category's `parent.parent`. Off: such paths copy records back and forth.
   */
  readonly allowRevisits: boolean;
  /** Entries in `fields`. */
  readonly maxFields: number;
  /** Field conditions and relation filters in `filters`, all levels together. */
  readonly maxFilterTerms: number;
  /** Sort keys in `order`, and in the order of each nested list. */
  readonly maxOrderTerms: number;
  /** Records in one parent's nested list: a larger `take` is refused, and so is an unpaged list that holds more. */
  readonly maxListSize: number;
  /**
   * Records one call may hold: the root page (a larger `take` is refused),
   * the records sorted in memory, the records each relation reads, and the
   * result, where a record shown under several parents counts each time.
   */
  readonly maxRecords: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = Object.freeze({
  maxDepth: 5,
  allowRevisits: false,
  maxFields: 100,
  maxFilterTerms: 50,
  maxOrderTerms: 8,
  maxListSize: 1_000,
  maxRecords: 10_000,
});

type CountLimit = Exclude<keyof QueryLimits, "allowRevisits">;
const LIMIT_KEYS = Object.keys(DEFAULT_QUERY_LIMITS) as (keyof QueryLimits)[];

/**
 * `base` with `overrides` applied, each checked: counts are whole numbers of
 * 1 or more, `allowRevisits` a boolean. `where` names the option in messages;
 * `fromConfig` makes a bad value a definition error rather than bad input.
 * An unknown limit is `INVALID_INPUT` either way, as every unknown option
 * name of the query API is.
 */
export function resolveLimits(base: QueryLimits, overrides: unknown, where: string, fromConfig: boolean): QueryLimits {
  if (overrides === undefined) return base;
  const fail = (message: string) =>
    fromConfig ? new LinkDefinitionError("INVALID_DEFINITION", message) : new LinkInputError("INVALID_INPUT", message, overrides);
  if (typeof overrides !== "object" || overrides === null || Array.isArray(overrides)) {
    throw fail(`${where} must be an object of limits, e.g. { maxDepth: 6 }; its keys are ${LIMIT_KEYS.join(", ")}.`);
  }
  const resolved: { -readonly [K in keyof QueryLimits]: QueryLimits[K] } = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(LIMIT_KEYS as string[]).includes(key)) {
      throw new LinkInputError("INVALID_INPUT", `${where} has no limit ${JSON.stringify(key)}; its limits are ${LIMIT_KEYS.join(", ")}.`, overrides);
    }
    if (value === undefined) continue;
    const valid = key === "allowRevisits" ? typeof value === "boolean" : Number.isSafeInteger(value) && (value as number) >= 1;
    if (!valid) {
      throw fail(`${where}.${key} must be ${key === "allowRevisits" ? "true or false" : "a whole number of 1 or more"}; got ${describe(value)}.`);
    }
    if (key === "allowRevisits") resolved.allowRevisits = value as boolean;
    else resolved[key as Exclude<keyof QueryLimits, "allowRevisits">] = value as number;
  }
  return Object.freeze(resolved);
}

/** The error for going over a count limit: what went over, and how to raise the limit. */
export function overLimit(limits: QueryLimits, limit: CountLimit, what: string, advice: string): QueryCostError {
  const allowed = limits[limit];
  return new QueryCostError({
    limit,
    allowed,
    message:
      `${what}, over the query limit ${limit} (${allowed}). ${advice} ` +
      `If the query is meant to be this large, raise the limit: new LinkQuery({ ..., limits: { ${limit}: ${allowed * 2} } }) ` +
      `or, for one trusted call, query.graph(input, { limits: { ${limit}: ${allowed * 2} } }).`,
  });
}

/** The error for a path that follows the same link twice while revisits are off. */
export function revisitRefused(path: string, link: string): QueryCostError {
  return new QueryCostError({
    limit: "allowRevisits",
    allowed: 0,
    message:
      `"${path}" follows the link ${link} twice; each round trip copies the records again, so it is refused by default. ` +
      `Select the fields from the first visit instead, or allow it: new LinkQuery({ ..., limits: { allowRevisits: true } }) ` +
      `or, for one trusted call, query.graph(input, { limits: { allowRevisits: true } }).`,
  });
}
import { LinkDefinitionError, LinkInputError, QueryCostError } from "@modlink/core";
import { describe } from "@modlink/core/store";
