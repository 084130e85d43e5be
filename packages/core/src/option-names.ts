import { LinkInputError } from "./errors";
import { describe } from "./extra-columns";
import { isPlainObject } from "./input-guards";

/** Longest unknown option name quoted back in a message: the name is the caller's, not ours. */
const QUOTED_NAME_LENGTH = 40;

/**
 * Checks an options object at the public edge: undefined, or a plain
 * object whose every own key is one of `names`. An option modlink does not
 * know is a typo or an option of another library (Medusa's `take` on
 * `list`, say), and ignoring it would return what the caller did not ask
 * for, so it is `INVALID_INPUT` before any work is done.
 *
 * @example
 * const options = readOptions(given, "dismiss()", ["transaction"]) // {} when given is undefined
 */
export function readOptions(options: unknown, where: string, names: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) {
    throw new LinkInputError("INVALID_INPUT", `The options of ${where} are ${describe(options)}; pass an object with ${listOf(names)}, or nothing.`, options);
  }
  for (const name of Object.keys(options)) {
    if (names.includes(name)) continue;
    const quoted = JSON.stringify(name.length > QUOTED_NAME_LENGTH ? `${name.slice(0, QUOTED_NAME_LENGTH)}…` : name);
    throw new LinkInputError("INVALID_INPUT", `${where} has no option ${quoted}; it takes ${listOf(names)}.`, options);
  }
  return options;
}

/** `true`, `false` or absent; anything else is `INVALID_INPUT` naming the option. */
export function readFlag(options: Record<string, unknown>, name: string, where: string): boolean {
  const value = options[name];
  if (value === undefined || typeof value === "boolean") return value === true;
  throw new LinkInputError("INVALID_INPUT", `The option ${name} of ${where} is ${describe(value)}; use true or false.`, value);
}

function listOf(names: readonly string[]): string {
  if (names.length === 1) return names[0] as string;
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
