/**
 * What a PostgreSQL `text` (or a JSON string) can hold exactly: no NUL
 * character, and no lone UTF-16 surrogate (it would be stored as U+FFFD, so
 * two different ids could become one).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

const MAX_JSON_DEPTH = 100;

/**
 * A value that survives a round trip through `jsonb` unchanged: plain
 * objects, arrays, storable strings, finite numbers, booleans and null.
 */
export function isStorableJson(value: unknown, depth = 0): boolean {
  if (depth > MAX_JSON_DEPTH) return false;
  if (value === null || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value === "string") return isStorableText(value);
  if (Array.isArray(value)) return value.every((item) => isStorableJson(item, depth + 1));
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.entries(value).every(([key, item]) => isStorableText(key) && item !== undefined && isStorableJson(item, depth + 1));
  }
  return false;
}
