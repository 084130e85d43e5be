import type { GraphFilters, GraphQuery } from "@modlink/query";
import type { QuerySeed } from "./query-seed";
import type { QueryEntityName } from "./query-world";

/**
 * How a hostile query may end. `exact`: the oracle's answer only.
 * `refusable`: the oracle's answer, or INVALID_INPUT / INVALID_ID (values
 * input validation refuses: NUL, lone surrogates, non-scalars). `database-may-refuse`:
 * the oracle's answer, or a refusal, for values the column's SQL type cannot
 * hold; core does not know column types, so the database is what refuses.
 */
export const Acceptances = ["exact", "refusable", "database-may-refuse"] as const;
export type Acceptance = (typeof Acceptances)[number];

export interface HostileQuery {
  readonly name: string;
  readonly query: GraphQuery;
  readonly accept: Acceptance;
  /** The caller's values in it: none may appear in a statement's text. */
  readonly values: readonly unknown[];
}

/** Strings that are valid everywhere a text value goes, and break SQL pasted together by hand. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "it's",
  "''",
  `"`,
  `"quoted"`,
  "\\",
  "\\\\",
  "\\'",
  "back\\slash",
  "%",
  "_",
  "%%",
  "%_%",
  "100%",
  "a_b",
  "\\%",
  "\\_",
  "'; drop table q_product; --",
  "x' or '1'='1",
  `"; drop table q_product; --`,
  "$1",
  "$2::text",
  "?",
  "??",
  ":name",
  "$$ $$",
  "/* c */",
  "-- c",
  "Ünïcödé",
  "ü",
  "Ü",
  "🙂",
  "e\u0301",
  "中文",
  "עברית",
  "\u200b",
  "\u2028",
  "tab\tnl\n",
  "\r\n",
  "\x7f",
  "\u00a0",
  "null",
  "NULL",
  `${"x".repeat(10_000)}'`,
  "'".repeat(5_000),
];

/** LIKE patterns: wildcards, escaped wildcards, quotes, unicode, many `%` in a row. */
export const LIKE_PATTERNS: readonly string[] = [
  "%",
  "_",
  "%%",
  "%'%",
  "%\\%%",
  "%\\_%",
  "%\\\\%",
  `%"%`,
  "%;%",
  "%--%",
  "%$1%",
  "%?%",
  "%🙂%",
  "%ü%",
  "%Ü%",
  "%abc%",
  "%ABC%",
  "___",
  "_%_",
  "%e\u0301%",
  "%\u2028%",
  "\\%",
  "it\\'s",
  "%' or '1'='1%",
  `${"x".repeat(5_000)}%`,
  `${"%".repeat(50)}a%`,
  "%中文%",
];

export const STRING_OPERATORS = ["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$like", "$ilike", "$in", "$nin"] as const;
const ORDERED = ["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin"] as const;

/** `%`, `_` and the backslash made literal in a LIKE pattern. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");
/** A pattern that PostgreSQL refuses: it ends with a lone escape. */
export const endsWithEscape = (pattern: string) => /(^|[^\\])(\\\\)*\\$/.test(pattern);

/** A short readable form of a value for test names: bigints with `n`, dates as ISO, long strings cut. */
export function show(value: unknown): string {
  const text =
    JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key];
      if (raw instanceof Date) return `Date(${Number.isNaN(raw.getTime()) ? "invalid" : raw.toISOString()})`;
      if (typeof raw === "number" && !Number.isFinite(raw)) return String(raw);
      return typeof v === "bigint" ? `${v}n` : typeof v === "function" ? "[function]" : typeof v === "symbol" ? String(v) : v;
    }) ?? String(value);
  return text.length > 70 ? `${text.slice(0, 60)}…(${text.length} chars)` : text;
}

/** The values a filter sends: every leaf below operators, relations and lists. */
export function leafValues(filters: unknown): unknown[] {
  if (Array.isArray(filters)) return filters.flatMap(leafValues);
  if (typeof filters === "object" && filters !== null && !(filters instanceof Date)) return Object.values(filters).flatMap(leafValues);
  return [filters];
}

function operand(op: string, value: unknown, other: unknown): unknown {
  return op === "$in" || op === "$nin" ? [value, other] : value;
}

function named(entity: QueryEntityName, filters: GraphFilters, accept: Acceptance, values: readonly unknown[], extra: Partial<GraphQuery> = {}): HostileQuery {
  return { name: `${entity} ${show(filters)}${extra.withDeleted ? " withDeleted" : ""}`, query: { entity, fields: ["id"], filters, ...extra }, accept, values };
}

/**
 * Own-field filters: every hostile string with every operator on a text
 * field, numbers, bigints, dates and booleans on columns of their type,
 * nulls, and long lists. Seed values are mixed in so that filters match.
 */
export function ownFieldQueries(seed: QuerySeed, random: () => number): HostileQuery[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const textFields = [
    ["product", "title"],
    ["product", "id"],
    ["brand", "name"],
    ["tag", "label"],
    ["tag", "brand_id"],
  ] as const;
  const stored = (entity: QueryEntityName, field: string) =>
    seed[entity].map((row: Readonly<Record<string, unknown>>) => row[field]).filter((v) => typeof v === "string");
  const queries: HostileQuery[] = [];
  const add = (entity: QueryEntityName, field: string, op: string, value: unknown, other: unknown = pick(stored(entity, field))) => {
    const given = operand(op, value, other);
    queries.push(named(entity, { [field]: { [op]: given } }, "exact", [value], random() < 0.1 ? { withDeleted: true } : {}));
  };
  const strings = [...HOSTILE_STRINGS, ...Array.from({ length: 8 }, () => pick(stored("product", "title")))];
  for (const value of strings) {
    for (const op of STRING_OPERATORS) if (!(op.endsWith("like") && endsWithEscape(value))) add("product", "title", op, value);
    const [entity, field] = pick(textFields);
    add(entity, field, pick(ORDERED), value);
  }
  for (const pattern of [...LIKE_PATTERNS, ...stored("product", "title").slice(0, 6).map(escapeLike)]) {
    add("product", "title", "$like", pattern);
    add("product", "title", "$ilike", pattern);
    const [entity, field] = pick(textFields);
    add(entity, field, pick(["$like", "$ilike"]), pattern);
  }
  const typed: readonly (readonly [string, readonly unknown[]])[] = [
    ["price", [0, -0, -1, 1, 30, -20, 120, 2 ** 31 - 1, -(2 ** 31)]],
    ["stock", [0n, -1n, 7n, 999n, 2n ** 53n + 1n, 2n ** 62n, 2n ** 63n - 1n, -(2n ** 63n), 7, 2 ** 53]],
    [
      "released_at",
      [
        new Date(0),
        new Date(-1),
        new Date("1900-01-01T00:00:00.001Z"),
        new Date("2099-12-31T23:59:59.999Z"),
        ...seed.product.slice(0, 4).map((row) => row.released_at),
      ],
    ],
    ["active", [true, false]],
  ];
  for (const [field, values] of typed) {
    for (const value of values.filter((v) => v !== null)) for (const op of ORDERED) add("product", field, op, value, pick(values.filter((v) => v !== null)));
  }
  for (const [entity, field] of [
    ["product", "price"],
    ["product", "stock"],
    ["product", "released_at"],
    ["brand", "name"],
    ["tag", "brand_id"],
  ] as const) {
    for (const filter of [null, { $null: true }, { $null: false }, { $eq: null }, { $ne: null }]) queries.push(named(entity, { [field]: filter }, "exact", []));
  }
  const titles = stored("product", "title");
  queries.push(named("product", { title: { $in: [...HOSTILE_STRINGS, ...titles.slice(0, 20)] } }, "exact", HOSTILE_STRINGS));
  queries.push(named("product", { title: { $nin: [...HOSTILE_STRINGS, ...titles.slice(0, 20)] } }, "exact", HOSTILE_STRINGS));
  queries.push(named("product", { title: { $in: [] } }, "exact", []), named("product", { title: { $nin: [] } }, "exact", []));
  queries.push(named("product", { title: [pick(titles), "it's"], price: { $gte: 0, $lt: 60 }, active: true }, "exact", ["it's"]));
  queries.push(named("product", { title: { $eq: "x'".repeat(500_000) } }, "exact", ["x'".repeat(500_000)]));
  return queries;
}

/**
 * Relation filters, rendered as nested `exists` on the joined path: through
 * link tables, through the read-only key, two levels deep, with hostile
 * values at every level.
 */
export function relationQueries(seed: QuerySeed, random: () => number): HostileQuery[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const names = seed.brand.map((row) => row.name).filter((name): name is string => name !== null);
  const shapes: readonly ((v: string) => readonly [QueryEntityName, GraphFilters])[] = [
    (v) => ["product", { brand: { name: v } }],
    (v) => ["product", { tags: { label: { $like: `%${escapeLike(v)}%` } }, title: { $ne: v } }],
    (v) => ["brand", { products: { tags: { label: { $ilike: `%${escapeLike(v)}%` } } } }],
    (v) => ["tag", { brand: { name: { $in: [v, pick(names)] } } }],
    (v) => ["tag", { products: { brand: { name: { $gte: v } } } }],
    (v) => ["product", { tags: { brand: { name: { $lt: v } } } }],
    (v) => ["brand", { products: { title: { $nin: [v] }, tags: {} } }],
    (v) => ["product", { brand: { id: { $ne: v } }, tags: { id: { $gt: v } } }],
  ];
  const values = [...HOSTILE_STRINGS.filter((v) => v.length < 1_000), ...names];
  return values.flatMap((value) =>
    [pick(shapes), pick(shapes)].map((shape) => {
      const [entity, filters] = shape(value);
      const extra = random() < 0.2 ? { withDeleted: true } : {};
      return named(entity, filters, "exact", leafValues(filters), extra);
    }),
  );
}
