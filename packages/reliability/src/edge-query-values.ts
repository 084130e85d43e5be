import type { GraphQuery } from "@modlink/query";
import { type Acceptance, type HostileQuery, show } from "./hostile-query-values";
import type { QuerySeed } from "./query-seed";
import type { QueryEntityName } from "./query-world";

/**
 * A query as a run-time caller may send it: values outside `GraphQuery`'s
 * types on purpose (objects, functions, symbols), as a request handler
 * that forwards parsed input would.
 */
export function untypedQuery(input: {
  readonly entity: unknown;
  readonly fields?: unknown;
  readonly filters?: unknown;
  readonly order?: unknown;
  readonly pagination?: unknown;
  readonly withDeleted?: unknown;
}): GraphQuery {
  return input as GraphQuery;
}

function edge(entity: QueryEntityName, filters: Record<string, unknown>, accept: Acceptance, values: readonly unknown[]): HostileQuery {
  return { name: `${entity} ${show(filters)}`, query: untypedQuery({ entity, fields: ["id"], filters }), accept, values };
}

/** What knex's raw bindings take for a `knex.raw()`: any object saying `isRawInstance` with a `toSQL`. */
const RAW_LOOKALIKE = { isRawInstance: true, toSQL: () => ({ sql: "'INJECTED-BY-VALUE' or true", bindings: [] }) };
/** A valid Date, so a scalar by type, that also says `isRawInstance`: knex unwraps it before the driver sees a Date. */
const TROJAN_DATE = Object.assign(new Date("2000-01-01T00:00:00.000Z"), {
  isRawInstance: true,
  toSQL: () => ({ sql: "now() or true", bindings: [] }),
});
/** knex calls a function binding with a query builder and pastes the subquery it builds. */
const SUBQUERY_FUNCTION = (builder: { from(table: string): { select(column: string): { limit(n: number): unknown } } }) =>
  builder.from("pg_tables").select("tablename").limit(1);

/**
 * Values input validation is to refuse: NUL bytes (PostgreSQL text cannot
 * hold them), lone surrogates (the drivers send U+FFFD instead, so they
 * would match other text), and anything that is not a `FilterScalar`:
 * objects, arrays inside lists, functions, symbols, invalid dates, nulls
 * inside `$in`/`$nin`.
 */
export function refusableQueries(seed: QuerySeed): HostileQuery[] {
  const title = seed.product[0]?.title ?? "";
  const r = (entity: QueryEntityName, filters: Record<string, unknown>, values: readonly unknown[] = []) => edge(entity, filters, "refusable", values);
  return [
    r("product", { title: { $eq: "a\u0000b; drop table q_product" } }, ["a\u0000b; drop table q_product"]),
    r("product", { title: { $like: "%\u0000%" } }),
    r("product", { title: { $in: ["ok", "x\u0000'"] } }, ["x\u0000'"]),
    r("product", { brand: { name: "\u0000" } }),
    r("product", { id: { $ne: "p\u0000" } }),
    r("product", { title: { $eq: "\uD800" } }),
    r("product", { title: { $like: "%\uD800" } }),
    r("product", { title: { $gt: "\uDC00x" } }),
    r("product", { title: { $in: ["\uD83D"] } }),
    r("tag", { label: { $ilike: "%\uDFFF%" } }),
    r("product", { tags: { label: "\uD800" } }),
    r("product", { title: { $in: [{ a: 1 }] } }),
    r("product", { title: { $in: [["nested"]] } }),
    r("product", { title: { $eq: {} } }),
    r("product", { title: { $eq: JSON.parse('{"isRawInstance":true}') } }),
    r("product", { title: { $eq: RAW_LOOKALIKE } }, ["'INJECTED-BY-VALUE' or true"]),
    r("product", { brand: { name: { $ne: RAW_LOOKALIKE } } }, ["'INJECTED-BY-VALUE' or true"]),
    r("product", { title: { $in: [RAW_LOOKALIKE] } }, ["'INJECTED-BY-VALUE' or true"]),
    r("product", { title: SUBQUERY_FUNCTION }),
    r("product", { title: { $eq: Symbol("s") } }),
    r("product", { price: { $in: [{ toPostgres: () => "1" }] } }),
    r("product", { released_at: { $gt: new Date(Number.NaN) } }),
    r("product", { released_at: { $gt: TROJAN_DATE } }, ["now() or true"]),
    r("product", { released_at: TROJAN_DATE }, ["now() or true"]),
    r("tag", { products: { released_at: { $lte: TROJAN_DATE } } }, ["now() or true"]),
    r("product", { released_at: { $in: [TROJAN_DATE] } }, ["now() or true"]),
    r("product", { title: { $in: [null, title] } }, [title]),
    r("product", { title: { $nin: [null, "it's"] } }, ["it's"]),
  ];
}

/**
 * Values the column's SQL type cannot take or compare: LIKE patterns that
 * end with a lone escape, numbers past int4 or with fractions, strings on
 * numeric, timestamp and boolean columns, non-strings on text columns.
 */
export function databaseMayRefuseQueries(): HostileQuery[] {
  const d = (entity: QueryEntityName, filters: Record<string, unknown>, values: readonly unknown[] = []) =>
    edge(entity, filters, "database-may-refuse", values);
  const ops = (field: string, values: readonly unknown[], operators: readonly string[] = ["$eq", "$gt", "$in"]) =>
    values.flatMap((value) => operators.map((op) => d("product", { [field]: { [op]: op === "$in" ? [value] : value } }, [value])));
  return [
    d("product", { title: { $like: "abc\\" } }),
    d("product", { title: { $like: "\\" } }),
    d("product", { title: { $ilike: "%\\\\\\" } }),
    d("tag", { label: { $like: "x\\" } }),
    ...ops("price", [2.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 31, -(2 ** 31) - 1, 1e21, "1; drop table q_product", "42", ""]),
    ...ops("stock", [2n ** 63n, -(2n ** 63n) - 1n, 1.5, "9223372036854775808", "12"]),
    ...ops("released_at", ["2024-01-01'; drop table q_product; --", "2024-01-01T00:00:00Z", new Date(8.64e15), new Date(-8.64e15)]),
    ...ops("active", ["true", " off ", "maybe", 1, 0], ["$eq", "$ne"]),
    ...ops("title", [5, true, 0n, 12345678901234567890n, new Date(0)], ["$eq", "$ne"]),
  ];
}
