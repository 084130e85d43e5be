import { describe } from "@modlink/core/store";
import { readOptions } from "./option-names";
import { invalidQuery } from "./query-errors";
import { type QueryLimits, resolveLimits } from "./query-limits";

/**
 * Options of one `graph` call, given by the application, never taken from a
 * request. The two `throwIf…` options are Medusa's `query.graph` options of
 * the same names.
 *
 * @example
 * await query.graph({ entity: "product", fields: ["id", "brand.name"], filters: { id: "prod_1" } }, { throwIfKeyNotFound: true })
 */
export interface GraphOptions {
  /** Limits for this call only, over the `LinkQuery`'s own. */
  readonly limits?: Partial<QueryLimits>;
  /**
   * Fail with `RECORD_NOT_FOUND` (a `RecordNotFoundError`) when an id of the
   * root filter (`filters: { id: "x" }` or `{ id: ["x", "y"] }`, by the
   * entity's primary key) is not among the records the query returns. The
   * filter must give ids; the page may not leave any out.
   */
  readonly throwIfKeyNotFound?: boolean;
  /**
   * Fail with `RECORD_NOT_FOUND` when a returned record has no linked record
   * under a selected relation: any relation (`true`), or those named, by
   * their path in `fields` (`["brand", "products.my_customs"]`). A "one"
   * relation that would be null and a list that would be empty both fail.
   */
  readonly throwIfRelationNotFound?: boolean | readonly string[];
}

const GRAPH_OPTION_NAMES = ["limits", "throwIfKeyNotFound", "throwIfRelationNotFound"] as const;

/** Which selected relations must have a linked record under every record they are read for. */
export type RequiredRelations =
  | { readonly kind: "none" }
  | { readonly kind: "all" }
  /** By path from the root, as in `fields`; checked against the selection by `planFoundChecks`. */
  | { readonly kind: "named"; readonly paths: readonly string[] };

/** One call's options, checked. */
export interface CallOptions {
  readonly limits: QueryLimits;
  readonly throwIfKeyNotFound: boolean;
  readonly requiredRelations: RequiredRelations;
}

/** Checks `graph()`'s second argument: known names only, each of its type; limits over `base`. */
export function readGraphOptions(options: GraphOptions | undefined, base: QueryLimits): CallOptions {
  const given = readOptions(options, "graph()'s second argument", GRAPH_OPTION_NAMES);
  const throwIfKeyNotFound = given.throwIfKeyNotFound;
  if (throwIfKeyNotFound !== undefined && typeof throwIfKeyNotFound !== "boolean") {
    throw invalidQuery(`graph()'s option throwIfKeyNotFound is ${describe(throwIfKeyNotFound)}; use true or false.`, throwIfKeyNotFound);
  }
  return {
    limits: resolveLimits(base, given.limits, "graph() options.limits", false),
    throwIfKeyNotFound: throwIfKeyNotFound === true,
    requiredRelations: requiredRelations(given.throwIfRelationNotFound),
  };
}

function requiredRelations(value: unknown): RequiredRelations {
  if (value === undefined || value === false) return { kind: "none" };
  if (value === true) return { kind: "all" };
  if (Array.isArray(value) && value.every((path) => typeof path === "string")) return { kind: "named", paths: [...value] };
  throw invalidQuery(
    `graph()'s option throwIfRelationNotFound is ${describe(value)}; use true (every selected relation), false, ` +
      `or an array of relation paths as written in fields, e.g. ["brand", "products.my_customs"].`,
    value,
  );
}
