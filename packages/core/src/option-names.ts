import { LinkInputError } from "./errors";
import { describe } from "./extra-column-values";
import { isPlainObject } from "./input-guards";

/** Longest unknown option name quoted back in a message: the name is the caller's, not ours. */
const QUOTED_NAME_LENGTH = 40;

/**
 * What is wrong with an options object, or undefined when nothing is: it
 * must be undefined, or a plain object whose every own key is one of
 * `names`. Returns the message rather than throwing, so that packages
 * reading it through `@modlink/core/store` (which holds no error class of
 * its own) throw their error from the main entry (`readOptions`).
 *
 * @example
 * optionsProblem({ take: 1 }, "dismiss()'s options", ["transaction"]) // 'dismiss()\'s options has no option "take"; it takes transaction.'
 */
export function optionsProblem(options: unknown, where: string, names: readonly string[]): string | undefined {
  if (options === undefined) return undefined;
  if (!isPlainObject(options)) return `${where} must be an object with ${listOf(names)}, or nothing; got ${describe(options)}.`;
  const unknown = Object.keys(options).find((name) => !names.includes(name));
  if (unknown === undefined) return undefined;
  const quoted = JSON.stringify(unknown.length > QUOTED_NAME_LENGTH ? `${unknown.slice(0, QUOTED_NAME_LENGTH)}…` : unknown);
  return `${where} has no option ${quoted}; it takes ${listOf(names)}.`;
}

/**
 * Checks an options object at the public edge (see `optionsProblem`). An
 * option modlink does not know is a typo or an option of another library
 * (Medusa's `returnLinkableKeys`, say), and ignoring it would do what the
 * caller did not ask for, so it is `INVALID_INPUT` before any work is done.
 *
 * @example
 * const options = readOptions(given, "dismiss()'s options", ["transaction"]) // {} when given is undefined
 */
export function readOptions(options: unknown, where: string, names: readonly string[]): Record<string, unknown> {
  const problem = optionsProblem(options, where, names);
  if (problem !== undefined) throw new LinkInputError("INVALID_INPUT", problem, options);
  return (options ?? {}) as Record<string, unknown>;
}

/** `true`, `false` or absent; anything else is `INVALID_INPUT` naming the option. */
export function readFlag(options: Record<string, unknown>, name: string, where: string): boolean {
  const value = options[name];
  if (value === undefined || typeof value === "boolean") return value === true;
  throw new LinkInputError("INVALID_INPUT", `The option ${name} of ${where} is ${describe(value)}; use true or false.`, value);
}

/** `a`, `a and b`, `a, b and c`: names in messages. */
export function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "nothing";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
