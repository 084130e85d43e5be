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
const TEXT_PROBLEM = "holds a NUL character or an unpaired UTF-16 surrogate, which PostgreSQL cannot store";

/**
 * A value that survives a round trip through `jsonb` unchanged: plain
 * objects, arrays, storable strings, finite numbers other than -0 (jsonb
 * stores it as 0), booleans and null.
 */
export function isStorableJson(value: unknown): boolean {
  return jsonProblem(value, "the value") === undefined;
}

/**
 * Why `value` would not survive `jsonb` unchanged, naming the place inside
 * it from `where` on (`data.metadata.sizes[1] is -0, ...`); undefined when
 * it would.
 */
export function jsonProblem(value: unknown, where: string, depth = 0): string | undefined {
  if (depth > MAX_JSON_DEPTH) return `${where} nests deeper than ${MAX_JSON_DEPTH} levels`;
  if (value === null || typeof value === "boolean") return undefined;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return `${where} is ${value}, which JSON cannot hold`;
    return Object.is(value, -0) ? `${where} is -0, which jsonb stores as 0; give 0` : undefined;
  }
  if (typeof value === "string") return isStorableText(value) ? undefined : `${where} ${TEXT_PROBLEM}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = jsonProblem(value[i], `${where}[${i}]`, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof value !== "object") return `${where} is a ${typeof value}, which JSON cannot hold`;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    return `${where} is a ${proto?.constructor?.name ?? "class instance"}; JSON holds plain objects, arrays, strings, finite numbers, booleans and null`;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = /^[A-Za-z_$][\w$]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`;
    if (!isStorableText(key)) return `${where} has a key that ${TEXT_PROBLEM}`;
    if (item === undefined) return `${at} is undefined; leave the key out or give null`;
    const problem = jsonProblem(item, at, depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
