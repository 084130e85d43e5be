import type { LinkErrorCode } from "@modlink/core";

/** A RemoteLink method a hostile input is sent to. */
export type Method = "create" | "dismiss" | "replace" | "list" | "delete" | "restore";

/** An input that must be refused with `code` and write nothing. */
export interface HostileInput {
  readonly name: string;
  readonly method: Method;
  readonly input: unknown;
  readonly code: LinkErrorCode;
}

const pb = (product: unknown, brand: unknown = "brand_ok") => ({ product: { product_id: product }, brand: { brand_id: brand } });
const pc = (data: unknown) => ({ product: { product_id: "prod_ok" }, helloModuleService: { my_custom_id: "cust_ok" }, data });

/**
 * The catalogue: shape, names, ids and data a caller (or an attacker
 * reaching the API) might send. Each entry is a distinct way to be wrong.
 */
export const hostileInputs: readonly HostileInput[] = [
  { name: "an unknown module", method: "create", input: { product: { product_id: "p" }, warehouse: { warehouse_id: "w" } }, code: "UNKNOWN_MODULE" },
  {
    name: "a module named like SQL",
    method: "create",
    input: { product: { product_id: "p" }, "brand; drop table x": { brand_id: "b" } },
    code: "UNKNOWN_MODULE",
  },
  { name: "a module named constructor", method: "create", input: { product: { product_id: "p" }, constructor: { brand_id: "b" } }, code: "UNKNOWN_MODULE" },
  {
    name: "a __proto__ module key",
    method: "create",
    input: JSON.parse('{"product":{"product_id":"p"},"__proto__":{"brand_id":"b"}}'),
    code: "UNKNOWN_MODULE",
  },
  { name: "a __proto__ module key on delete", method: "delete", input: JSON.parse('{"__proto__":{"product_id":"p"}}'), code: "UNKNOWN_MODULE" },
  { name: "the wrong direction", method: "create", input: { brand: { brand_id: "b" }, product: { product_id: "p" } }, code: "WRONG_DIRECTION" },
  { name: "the wrong direction on dismiss", method: "dismiss", input: { brand: { brand_id: "b" }, product: { product_id: "p" } }, code: "WRONG_DIRECTION" },
  { name: "three modules", method: "create", input: { product: { product_id: "p" }, brand: { brand_id: "b" }, tag: { tag_id: "t" } }, code: "INVALID_INPUT" },
  { name: "one module only", method: "create", input: { product: { product_id: "p" } }, code: "INVALID_INPUT" },
  { name: "a missing key", method: "create", input: { product: {}, brand: { brand_id: "b" } }, code: "INVALID_INPUT" },
  { name: "an unknown key", method: "create", input: { product: { sku: "p" }, brand: { brand_id: "b" } }, code: "UNKNOWN_KEY" },
  { name: "a key with SQL in it", method: "list", input: { product: { "product_id = '' or 1=1; --": "p" } }, code: "UNKNOWN_KEY" },
  {
    name: "a __proto__ key inside a module",
    method: "create",
    input: { product: JSON.parse('{"__proto__":"p"}'), brand: { brand_id: "b" } },
    code: "UNKNOWN_KEY",
  },
  { name: "an empty id", method: "create", input: pb(""), code: "INVALID_ID" },
  { name: "an id one character too long (513)", method: "create", input: pb("x".repeat(513)), code: "INVALID_ID" },
  { name: "a 1 MB id", method: "delete", input: { product: { product_id: "x".repeat(1_000_000) } }, code: "INVALID_ID" },
  { name: "a numeric id", method: "create", input: pb(42), code: "INVALID_ID" },
  { name: "a bigint id", method: "dismiss", input: pb(42n), code: "INVALID_ID" },
  { name: "a boolean id", method: "create", input: pb(true), code: "INVALID_ID" },
  { name: "a null id", method: "create", input: pb(null), code: "INVALID_ID" },
  { name: "an object id with toString", method: "create", input: pb({ toString: () => "p1" }), code: "INVALID_ID" },
  { name: "an array of ids where one is expected", method: "create", input: pb(["p1", "p2"]), code: "INVALID_ID" },
  { name: "a non-string id inside an id array", method: "delete", input: { product: { product_id: ["p1", 2] } }, code: "INVALID_ID" },
  { name: "an id with a NUL byte", method: "create", input: pb("p\u0000; drop table x"), code: "INVALID_ID" },
  { name: "an id with a NUL byte on list", method: "list", input: { product: { product_id: "\u0000" } }, code: "INVALID_ID" },
  { name: "an id with a NUL byte on restore", method: "restore", input: { brand: { brand_id: ["ok", "a\u0000"] } }, code: "INVALID_ID" },
  { name: "an unknown data column", method: "create", input: pc({ colour: "red" }), code: "INVALID_DATA" },
  { name: "a data column named like SQL", method: "create", input: pc({ "label = 'x'; drop table y; --": "x" }), code: "INVALID_DATA" },
  { name: "a __proto__ data key", method: "create", input: pc(JSON.parse('{"__proto__":{"position":1}}')), code: "INVALID_DATA" },
  { name: "a constructor data key", method: "create", input: pc({ constructor: 1 }), code: "INVALID_DATA" },
  { name: "a string for an integer column", method: "create", input: pc({ position: "1; drop table x" }), code: "INVALID_DATA" },
  { name: "an integer past 32 bits", method: "create", input: pc({ position: 2 ** 31 }), code: "INVALID_DATA" },
  { name: "NaN for an integer column", method: "create", input: pc({ position: Number.NaN }), code: "INVALID_DATA" },
  { name: "null for a column that is not nullable", method: "replace", input: pc({ position: null }), code: "INVALID_DATA" },
  { name: "a number for a text column", method: "create", input: pc({ label: 5 }), code: "INVALID_DATA" },
  { name: "a text value with a NUL byte", method: "create", input: pc({ label: "a\u0000b" }), code: "INVALID_DATA" },
  { name: "a function as JSON", method: "create", input: pc({ metadata: () => 1 }), code: "INVALID_DATA" },
  { name: "data that is a string", method: "create", input: pc("position=1"), code: "INVALID_DATA" },
  { name: "data that is an array", method: "create", input: pc([1]), code: "INVALID_DATA" },
  { name: "data on a link without extra columns", method: "create", input: { ...pb("p"), data: { note: "x" } }, code: "INVALID_DATA" },
  { name: "data given to dismiss", method: "dismiss", input: pc({ label: "x" }), code: "INVALID_INPUT" },
  { name: "a link name that is not a string", method: "create", input: { ...pb("p"), link: 1 }, code: "INVALID_INPUT" },
  { name: "a link name with SQL in it", method: "create", input: { ...pb("p"), link: "featured'; drop table x; --" }, code: "UNKNOWN_LINK" },
  { name: "a link field on delete", method: "delete", input: { product: { product_id: "p" }, link: "featured" }, code: "INVALID_INPUT" },
  { name: "an empty delete", method: "delete", input: {}, code: "INVALID_INPUT" },
  { name: "arrays on both sides of a replace", method: "replace", input: pb(["p"], ["b"]), code: "INVALID_INPUT" },
  { name: "the same record replaced twice in one call", method: "replace", input: [pb("p", ["b1"]), pb("p", ["b2"])], code: "INVALID_INPUT" },
  { name: "a good create followed by a bad one", method: "create", input: [pb("prod_new"), pb("")], code: "INVALID_ID" },
  { name: "three modules on list", method: "list", input: { product: {}, brand: {}, tag: {} }, code: "INVALID_INPUT" },
  { name: "a Map instead of an object", method: "create", input: new Map([["product", { product_id: "p" }]]), code: "INVALID_INPUT" },
  {
    name: "a class instance instead of an object",
    method: "delete",
    input: new (class Records {
      product = { product_id: "p" };
    })(),
    code: "INVALID_INPUT",
  },
  { name: "a string instead of an object", method: "list", input: "select * from link_product_product_brand_brand", code: "INVALID_INPUT" },
  { name: "an empty array", method: "dismiss", input: [], code: "INVALID_INPUT" },
];
