import type { LinkErrorCode } from "@modlink/core";
import type { GraphQuery } from "@modlink/query";
import { untypedQuery } from "./edge-query-values";
import { show } from "./hostile-query-values";

/** A query `LinkQuery.graph` must refuse with `code` before any statement is sent. */
export interface InvalidQuery {
  readonly name: string;
  readonly query: GraphQuery;
  readonly code: LinkErrorCode;
}

const product = (rest: Record<string, unknown>) => untypedQuery({ entity: "product", ...rest });
const proto = (json: string): unknown => JSON.parse(json);
/** An object that refers to itself: `JSON.stringify` throws on it, so a message must not use it. */
const circular: Record<string, unknown> = { field: "title" };
circular.self = circular;

/**
 * Every place of a query a caller controls, wrong in one way each: names
 * that are not entities, fields, relations, operators or directions (many
 * shaped like SQL), values of the wrong kind for their operator, and pages
 * that are not whole numbers of 0 or more.
 */
export const invalidQueries: readonly InvalidQuery[] = [
  { name: "an unknown entity", query: untypedQuery({ entity: "warehouse" }), code: "UNKNOWN_ENTITY" },
  { name: "an entity named like SQL", query: untypedQuery({ entity: "product; drop table q_product; --" }), code: "UNKNOWN_ENTITY" },
  { name: "an entity that is a number", query: untypedQuery({ entity: 42 }), code: "UNKNOWN_ENTITY" },
  { name: "an entity that is a bigint", query: untypedQuery({ entity: 10n }), code: "UNKNOWN_ENTITY" },
  { name: "an entity that refers to itself", query: untypedQuery({ entity: circular }), code: "UNKNOWN_ENTITY" },
  { name: "the entity __proto__", query: untypedQuery({ entity: "__proto__" }), code: "UNKNOWN_ENTITY" },
  { name: "the entity constructor", query: untypedQuery({ entity: "constructor" }), code: "UNKNOWN_ENTITY" },
  { name: "an unknown query option", query: product({ where: "1=1" }), code: "INVALID_INPUT" },
  { name: "an unknown field", query: product({ fields: ["colour"] }), code: "UNKNOWN_FIELD" },
  { name: "a field named like SQL", query: product({ fields: [`title" from q_brand; --`] }), code: "UNKNOWN_FIELD" },
  { name: "the field __proto__", query: product({ fields: ["__proto__"] }), code: "UNKNOWN_FIELD" },
  { name: "a path through a plain field", query: product({ fields: ["title.length"] }), code: "INVALID_INPUT" },
  { name: "an unknown field of a relation", query: product({ fields: ["brand.colour"] }), code: "UNKNOWN_FIELD" },
  { name: "an unknown link column", query: product({ fields: ["tags.link.deletion_id"] }), code: "INVALID_INPUT" },
  { name: "a link column of a read-only relation", query: untypedQuery({ entity: "tag", fields: ["brand.link.id"] }), code: "INVALID_INPUT" },
  { name: "an empty field list", query: product({ fields: [] }), code: "INVALID_INPUT" },
  { name: "fields as a string", query: product({ fields: "id, title" }), code: "INVALID_INPUT" },
  { name: "a field that is not a string", query: product({ fields: [42] }), code: "INVALID_INPUT" },
  { name: "a field that is a bigint", query: product({ fields: [10n] }), code: "INVALID_INPUT" },
  { name: "a field that refers to itself", query: product({ fields: [circular] }), code: "INVALID_INPUT" },
  { name: "an unknown filter field", query: product({ filters: { colour: "red" } }), code: "UNKNOWN_FIELD" },
  { name: "a filter field named like SQL", query: product({ filters: { "title = '' or 1=1; --": "x" } }), code: "UNKNOWN_FIELD" },
  { name: "a __proto__ filter key", query: product({ filters: proto('{"__proto__":{"title":"x"}}') }), code: "UNKNOWN_FIELD" },
  { name: "a constructor filter key", query: product({ filters: { constructor: "x" } }), code: "UNKNOWN_FIELD" },
  { name: "an unknown operator", query: product({ filters: { title: { $regex: ".*" } } }), code: "INVALID_INPUT" },
  { name: "an operator named like SQL", query: product({ filters: { title: { "$eq' or 1=1; --": "x" } } }), code: "INVALID_INPUT" },
  { name: "an inherited name as operator", query: product({ filters: { title: { toString: "x" } } }), code: "INVALID_INPUT" },
  { name: "$in with a string", query: product({ filters: { title: { $in: "a,b" } } }), code: "INVALID_INPUT" },
  { name: "$eq with an array", query: product({ filters: { title: { $eq: ["a"] } } }), code: "INVALID_INPUT" },
  { name: "$null with a string", query: product({ filters: { title: { $null: "yes" } } }), code: "INVALID_INPUT" },
  { name: "$gt with null", query: product({ filters: { price: { $gt: null } } }), code: "INVALID_INPUT" },
  { name: "$like with a number", query: product({ filters: { title: { $like: 5 } } }), code: "INVALID_INPUT" },
  { name: "$in with 1,001 values", query: product({ filters: { title: { $in: Array.from({ length: 1_001 }, (_, i) => `t${i}`) } } }), code: "INVALID_INPUT" },
  { name: "a relation filter that is a string", query: product({ filters: { brand: "acme" } }), code: "INVALID_INPUT" },
  { name: "an unknown field in a relation filter", query: product({ filters: { brand: { colour: "red" } } }), code: "UNKNOWN_FIELD" },
  {
    name: "an unknown field two relations deep",
    query: untypedQuery({ entity: "brand", filters: { products: { tags: { colour: "x" } } } }),
    code: "UNKNOWN_FIELD",
  },
  { name: "filters as a string", query: product({ filters: "title = 'x'" }), code: "INVALID_INPUT" },
  { name: "filters as an array", query: product({ filters: [{ title: "x" }] }), code: "INVALID_INPUT" },
  { name: "an unknown sort field", query: product({ order: ["colour"] }), code: "UNKNOWN_FIELD" },
  { name: "a sort field with a direction inside", query: product({ order: ["title desc"] }), code: "UNKNOWN_FIELD" },
  { name: "an upper-case direction", query: product({ order: [{ field: "title", direction: "DESC" }] }), code: "INVALID_INPUT" },
  { name: "a direction with SQL", query: product({ order: [{ field: "title", direction: "desc; drop table q_product; --" }] }), code: "INVALID_INPUT" },
  { name: "a direction that is a number", query: product({ order: [{ field: "title", direction: -1 }] }), code: "INVALID_INPUT" },
  { name: "a direction that is a bigint", query: product({ order: [{ field: "title", direction: 1n }] }), code: "INVALID_INPUT" },
  { name: "a sort term that refers to itself", query: product({ order: [{ ...circular, field: 5 }] }), code: "INVALID_INPUT" },
  { name: "an empty sort field", query: product({ order: [""] }), code: "INVALID_INPUT" },
  { name: "a sort term without a field", query: product({ order: [{ direction: "asc" }] }), code: "INVALID_INPUT" },
  { name: "a null sort term", query: product({ order: [null] }), code: "INVALID_INPUT" },
  { name: "order as a string", query: product({ order: "title" }), code: "INVALID_INPUT" },
  { name: "a sort key through a list relation", query: product({ order: ["tags.label"] }), code: "INVALID_INPUT" },
  { name: "a sort key through an unknown relation", query: product({ order: ["maker.name"] }), code: "UNKNOWN_LINK" },
  { name: "an unknown sort field of a relation", query: product({ order: ["brand.colour"] }), code: "UNKNOWN_FIELD" },
  ...([-1, 1.5, "10", Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, null, 10n] as const).flatMap((bad) => [
    { name: `skip ${show(bad)}`, query: product({ pagination: { skip: bad } }), code: "INVALID_INPUT" as const },
    { name: `take ${show(bad)}`, query: product({ pagination: { take: bad } }), code: "INVALID_INPUT" as const },
  ]),
  { name: "an unknown pagination option", query: product({ pagination: { offset: 5 } }), code: "INVALID_INPUT" },
  { name: "pages of a relation not selected", query: product({ pagination: { relations: { tags: { take: 1 } } } }), code: "INVALID_INPUT" },
  {
    name: "pages of a relation path with SQL",
    query: product({ fields: ["tags.id"], pagination: { relations: { "tags'; drop table q_tag; --": { take: 1 } } } }),
    code: "INVALID_INPUT",
  },
  {
    name: "pages of the relation path __proto__",
    query: product({ fields: ["tags.id"], pagination: { relations: proto('{"__proto__":{"take":1}}') } }),
    code: "INVALID_INPUT",
  },
  { name: 'pages of a "one" relation', query: product({ fields: ["brand.name"], pagination: { relations: { brand: { take: 1 } } } }), code: "INVALID_INPUT" },
  { name: "a nested take of -1", query: product({ fields: ["tags.id"], pagination: { relations: { tags: { take: -1 } } } }), code: "INVALID_INPUT" },
  { name: "a nested take that is a bigint", query: product({ fields: ["tags.id"], pagination: { relations: { tags: { take: 2n } } } }), code: "INVALID_INPUT" },
  { name: "a nested skip of 0.5", query: product({ fields: ["tags.id"], pagination: { relations: { tags: { skip: 0.5 } } } }), code: "INVALID_INPUT" },
  {
    name: "an unknown nested sort field",
    query: product({ fields: ["tags.id"], pagination: { relations: { tags: { order: ["colour"] } } } }),
    code: "UNKNOWN_FIELD",
  },
  {
    name: "an unknown nested link column",
    query: product({ fields: ["tags.id"], pagination: { relations: { tags: { order: ["link.deletion_id"] } } } }),
    code: "INVALID_INPUT",
  },
  {
    name: "a nested direction with SQL",
    query: product({ fields: ["tags.id"], pagination: { relations: { tags: { order: [{ field: "label", direction: "asc, (select 1)" }] } } } }),
    code: "INVALID_INPUT",
  },
  {
    name: "an unknown nested pagination option",
    query: product({ fields: ["tags.id"], pagination: { relations: { tags: { limit: 1 } } } }),
    code: "INVALID_INPUT",
  },
];
