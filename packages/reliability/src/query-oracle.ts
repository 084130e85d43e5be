import type { ColumnType } from "./query-modules";
import type { QuerySeed } from "./query-seed";
import { type QueryEntityName, QueryModels } from "./query-world";

/**
 * What `LinkQuery.graph` must answer over a `QuerySeed`, worked out in plain
 * TypeScript from the seed rows alone: its own reading of every operator,
 * of relation filters, of sorting and paging. It shares no code with the
 * engine, the join reader or the test modules.
 */

type Row = Readonly<Record<string, unknown>>;
/** A record reached through a relation, with the link's extra columns (none for the read-only one). */
interface Reached {
  readonly record: Row;
  readonly link: Row | undefined;
}
interface Relation {
  readonly to: QueryEntityName;
  readonly list: boolean;
  reach(seed: QuerySeed, from: Row, withDeleted: boolean): Reached[];
}

const live = (row: Row, withDeleted: boolean) => withDeleted || row.deleted_at === null;

function throughLinks(to: QueryEntityName, links: (seed: QuerySeed) => readonly Row[], near: string, far: string): Relation["reach"] {
  return (seed, from, withDeleted) =>
    links(seed)
      .filter((link) => link[near] === from.id && (withDeleted || link.live === true))
      .flatMap((link) => seed[to].filter((record) => record.id === link[far] && live(record, withDeleted)).map((record) => ({ record, link })));
}

/** The relations of each entity as the oracle follows them: through the seed's links, or by the tag's stored brand id. */
export const OracleRelations: Record<QueryEntityName, Record<string, Relation>> = {
  product: {
    brand: { to: "brand", list: false, reach: throughLinks("brand", (seed) => seed.brandLinks, "product", "brand") },
    tags: { to: "tag", list: true, reach: throughLinks("tag", (seed) => seed.tagLinks, "product", "tag") },
  },
  brand: { products: { to: "product", list: true, reach: throughLinks("product", (seed) => seed.brandLinks, "brand", "product") } },
  tag: {
    products: { to: "product", list: true, reach: throughLinks("product", (seed) => seed.tagLinks, "tag", "product") },
    brand: {
      to: "brand",
      list: false,
      reach: (seed, from, withDeleted) =>
        seed.brand.filter((brand) => brand.id === from.brand_id && live(brand, withDeleted)).map((record) => ({ record, link: undefined })),
    },
  },
};
/** The extra columns of the product <-> tag link. */
export const OracleLinkTypes: Record<string, ColumnType> = { rank: "integer", note: "text" };

/**
 * Text by code point (collate "C"), numbers exactly, dates by time, strings
 * on timestamp and boolean columns as PostgreSQL reads them; undefined when
 * the two cannot be compared.
 *
 * @example compareTyped(2n ** 63n - 1n, 2 ** 53, "bigint") // 1
 */
export function compareTyped(stored: unknown, given: unknown, type: ColumnType): number | undefined {
  if (type === "text") {
    if (typeof given === "object" || typeof given === "function" || typeof given === "symbol") return undefined;
    const [a, b] = [Array.from(String(stored), (c) => c.codePointAt(0) as number), Array.from(String(given), (c) => c.codePointAt(0) as number)];
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
    return a.length - b.length;
  }
  if (type === "integer" || type === "bigint") {
    const number = (v: unknown) =>
      typeof v === "bigint" || typeof v === "number" ? v : typeof v === "string" && /^-?\d+$/.test(v.trim()) ? BigInt(v.trim()) : undefined;
    const [a, b] = [number(stored), number(given)];
    if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) return undefined;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (type === "timestamptz") {
    // Only an instant in UTC: a string without a zone would depend on the session's time zone.
    const time =
      given instanceof Date ? given.getTime() : typeof given === "string" && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(given) ? Date.parse(given) : Number.NaN;
    return stored instanceof Date && !Number.isNaN(time) ? stored.getTime() - time : undefined;
  }
  const truth = typeof given === "boolean" ? given : BOOLEAN_TEXT[String(given).trim().toLowerCase()];
  return truth === undefined ? undefined : Number(stored) - Number(truth);
}

/** The spellings PostgreSQL's boolean input reads. */
const BOOLEAN_TEXT: Readonly<Record<string, boolean>> = {
  true: true,
  t: true,
  yes: true,
  on: true,
  "1": true,
  false: false,
  f: false,
  no: false,
  off: false,
  "0": false,
};

/**
 * SQL LIKE over code points: `%` any run, `_` one character, a backslash
 * makes the next one literal (a last one is itself). Linear, no regex.
 *
 * @example likeMatches("50% off", "50\\%%", false) // true
 */
export function likeMatches(text: string, pattern: string, ignoreCase: boolean): boolean {
  // Collate "C" folds ASCII letters only.
  const fold = (s: string) => Array.from(ignoreCase ? s.replace(/[A-Z]/g, (c) => c.toLowerCase()) : s);
  const chars = fold(text);
  const tokens: { readonly any: boolean; readonly one: boolean; readonly char: string }[] = [];
  const source = fold(pattern);
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === "\\") tokens.push({ any: false, one: false, char: source[++i] ?? "\\" });
    else tokens.push({ any: char === "%", one: char === "_", char });
  }
  // reachable[j]: the tokens so far can match the first j characters.
  let reachable = [true, ...chars.map(() => false)];
  for (const token of tokens) {
    const next = reachable.map(() => false);
    for (let j = 0; j <= chars.length; j++) {
      if (token.any) next[j] = reachable[j] === true || (j > 0 && next[j - 1] === true);
      else if (j > 0 && reachable[j - 1] === true) next[j] = token.one || chars[j - 1] === token.char;
    }
    reachable = next;
  }
  return reachable[chars.length] === true;
}

function conditionHolds(stored: unknown, op: string, given: unknown, type: ColumnType): boolean {
  if (op === "$null") return (stored === null) === given;
  if ((op === "$eq" || op === "$ne") && given === null) return (stored === null) === (op === "$eq");
  if (stored === null) return false;
  const equal = (item: unknown) => item !== null && compareTyped(stored, item, type) === 0;
  const order = compareTyped(stored, given, type);
  switch (op) {
    case "$eq":
      return order === 0;
    case "$ne":
      return order !== 0;
    case "$in":
      return (given as unknown[]).some(equal);
    case "$nin":
      return !(given as unknown[]).some(equal);
    case "$gt":
      return order !== undefined && order > 0;
    case "$gte":
      return order !== undefined && order >= 0;
    case "$lt":
      return order !== undefined && order < 0;
    case "$lte":
      return order !== undefined && order <= 0;
    case "$like":
      return likeMatches(String(stored), String(given), false);
    case "$ilike":
      return likeMatches(String(stored), String(given), true);
  }
  throw new Error(`oracle: unknown operator ${op}`);
}

const isOperators = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * Whether `row` of `entity` meets `filters`; a relation matches when some reached record does.
 *
 * @example seed.product.filter((row) => matches(seed, "product", row, { brand: { name: "acme" } }, false))
 */
export function matches(seed: QuerySeed, entity: QueryEntityName, row: Row, filters: Row, withDeleted: boolean): boolean {
  return Object.entries(filters).every(([key, value]) => {
    const relation = OracleRelations[entity][key];
    if (relation) return relation.reach(seed, row, withDeleted).some(({ record }) => matches(seed, relation.to, record, value as Row, withDeleted));
    const type = (QueryModels[entity].columns as Record<string, ColumnType>)[key] as ColumnType;
    const operators = value === null ? { $null: true } : Array.isArray(value) ? { $in: value } : isOperators(value) ? value : { $eq: value };
    return Object.entries(operators).every(([op, given]) => given === undefined || conditionHolds(row[key], op, given, type));
  });
}

/** Output form of a stored value: int8 as the drivers give it (a string), the rest as stored. */
export function oracleOutput(value: unknown): unknown {
  return typeof value === "bigint" ? String(value) : value;
}

/**
 * A comparator over `terms` of `[value, type]` pairs; nulls last ascending and first descending, as PostgreSQL sorts.
 *
 * @example rows.sort(byTerms([{ direction: "desc", read: (row) => [row.price, "integer"] }]))
 */
export function byTerms<T>(terms: readonly { readonly direction: string; readonly read: (item: T) => readonly [unknown, ColumnType] }[]) {
  return (a: T, b: T): number => {
    for (const { direction, read } of terms) {
      const [[x, type], [y]] = [read(a), read(b)];
      const order =
        x === null || x === undefined ? (y === null || y === undefined ? 0 : 1) : y === null || y === undefined ? -1 : (compareTyped(x, y, type) as number);
      if (order !== 0) return direction === "desc" ? -order : order;
    }
    return 0;
  };
}
