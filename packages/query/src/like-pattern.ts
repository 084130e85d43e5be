/** `_` in a segment: any one character. */
const ANY_ONE = -1;

/**
 * A `LIKE` pattern split on its unescaped `%`: runs of fixed length, each a
 * list of code points (or `ANY_ONE` for `_`). One segment means no `%`.
 */
export interface LikePattern {
  readonly segments: readonly (readonly number[])[];
  readonly ignoreCase: boolean;
}

/**
 * Reads a pattern with PostgreSQL's `LIKE` rules and default escape: `%` is
 * any run of characters, `_` exactly one character (a code point, as in a
 * UTF-8 database, not a UTF-16 unit), `\` makes the next character literal.
 * A pattern ending in a lone `\` is refused, as PostgreSQL refuses it.
 * `ignoreCase` (`ILIKE`) lower-cases every character on its own, with
 * Unicode's simple mapping, as PostgreSQL does under a UTF-8 libc locale.
 *
 * @example matchesLike("50% off", parseLikePattern("50\\%%", false)) // true
 */
export function parseLikePattern(pattern: string, ignoreCase: boolean, where = "The LIKE pattern"): LikePattern {
  const segments: number[][] = [[]];
  let escaped = false;
  for (const char of pattern) {
    const current = segments[segments.length - 1] as number[];
    if (escaped) {
      current.push(fold(char, ignoreCase));
      escaped = false;
    } else if (char === "\\") escaped = true;
    else if (char === "%") segments.push([]);
    else current.push(char === "_" ? ANY_ONE : fold(char, ignoreCase));
  }
  if (escaped) throw endsWithEscape(pattern, where);
  return { segments, ignoreCase };
}

/**
 * Whether `value` matches. Never backtracks: the first segment must match at
 * the start, the last at the end, and each middle one at its leftmost place
 * after the one before (the leftmost place always leaves the most room), so
 * a match costs at most the value's length times the pattern's.
 */
export function matchesLike(value: string, pattern: LikePattern): boolean {
  const chars = Array.from(value, (char) => fold(char, pattern.ignoreCase));
  const { segments } = pattern;
  const first = segments[0] as readonly number[];
  if (segments.length === 1) return chars.length === first.length && segmentAt(chars, first, 0);
  const last = segments[segments.length - 1] as readonly number[];
  const end = chars.length - last.length;
  if (end < first.length || !segmentAt(chars, first, 0) || !segmentAt(chars, last, end)) return false;
  let cursor = first.length;
  for (const segment of segments.slice(1, -1)) {
    const found = leftmost(chars, segment, cursor, end);
    if (found < 0) return false;
    cursor = found + segment.length;
  }
  return true;
}

function leftmost(chars: readonly number[], segment: readonly number[], from: number, end: number): number {
  for (let start = from; start + segment.length <= end; start++) {
    if (segmentAt(chars, segment, start)) return start;
  }
  return -1;
}

function segmentAt(chars: readonly number[], segment: readonly number[], start: number): boolean {
  for (let i = 0; i < segment.length; i++) {
    const wanted = segment[i] as number;
    if (wanted !== ANY_ONE && wanted !== chars[start + i]) return false;
  }
  return true;
}

/** One character's code point, lower-cased when case is ignored. */
function fold(char: string, ignoreCase: boolean): number {
  // toLowerCase maps only U+0130 to two code points ("i" + a combining dot); its simple mapping is the first.
  return (ignoreCase ? char.toLowerCase() : char).codePointAt(0) as number;
}

function endsWithEscape(pattern: string, where: string): LinkInputError {
  return new LinkInputError(
    "INVALID_INPUT",
    `${where} ends with the escape character \\, which has nothing left to escape (PostgreSQL refuses it too). ` + `Write \\\\ for a literal backslash.`,
    pattern,
  );
}
import { LinkInputError } from "@modlink/core";
