import { optionsProblem } from "@modlink/core/store";
import { invalidQuery } from "./query-errors";

/**
 * Checks an options object of the query API at the public edge, with core's
 * rule (`optionsProblem`): undefined, or a plain object of known names only;
 * anything else is `INVALID_INPUT` before any work. `where` names the object
 * in messages, e.g. `graph()'s second argument`.
 *
 * @example
 * const options = readOptions(given, "graph()'s second argument", ["limits", "throwIfKeyNotFound"]) // {} when given is undefined
 */
export function readOptions(options: unknown, where: string, names: readonly string[]): Record<string, unknown> {
  const problem = optionsProblem(options, where, names);
  if (problem !== undefined) throw invalidQuery(problem, options);
  return (options ?? {}) as Record<string, unknown>;
}
