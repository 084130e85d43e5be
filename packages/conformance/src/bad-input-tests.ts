import { LinkError, type LinkErrorCode } from "@modlink/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "./suite-context";

type Method = "create" | "dismiss" | "replace" | "list" | "delete" | "restore";

interface BadInput {
  readonly name: string;
  readonly methods: readonly Method[];
  readonly input: (p: string, b: string) => unknown;
  readonly code: LinkErrorCode;
}

const pairMethods = ["create", "dismiss", "replace"] as const;
const allMethods = ["create", "dismiss", "replace", "list", "delete", "restore"] as const;

/** Every entry must be refused with its code and write nothing. */
const catalogue: readonly BadInput[] = [
  { name: "null", methods: allMethods, input: () => null, code: "INVALID_INPUT" },
  { name: "undefined", methods: allMethods, input: () => undefined, code: "INVALID_INPUT" },
  { name: "an empty array", methods: allMethods, input: () => [], code: "INVALID_INPUT" },
  { name: "a string", methods: allMethods, input: () => "product", code: "INVALID_INPUT" },
  { name: "an empty object", methods: allMethods, input: () => ({}), code: "INVALID_INPUT" },
  { name: "one module only", methods: pairMethods, input: (p) => ({ product: { product_id: p } }), code: "INVALID_INPUT" },
  {
    name: "three modules",
    methods: [...pairMethods, "list"],
    input: (p, b) => ({ product: { product_id: p }, brand: { brand_id: b }, tag: { tag_id: "t" } }),
    code: "INVALID_INPUT",
  },
  { name: "an unknown module", methods: allMethods, input: (p) => ({ product: { product_id: p }, warehouse: { warehouse_id: "w" } }), code: "UNKNOWN_MODULE" },
  {
    name: "a `__proto__` module key",
    methods: allMethods,
    input: (p) => JSON.parse(`{"product":{"product_id":"${p}"},"__proto__":{"x_id":"1"}}`),
    code: "UNKNOWN_MODULE",
  },
  { name: "an unknown key", methods: allMethods, input: (p, b) => ({ product: { prod_id: p }, brand: { brand_id: b } }), code: "UNKNOWN_KEY" },
  { name: "a missing key", methods: [...pairMethods, "delete", "restore"], input: (_p, b) => ({ product: {}, brand: { brand_id: b } }), code: "INVALID_INPUT" },
  {
    name: "two keys for one module",
    methods: pairMethods,
    input: (p, b) => ({ product: { product_id: p, product_variant_id: "v" }, brand: { brand_id: b } }),
    code: "INVALID_INPUT",
  },
  { name: "a module value that is not an object", methods: allMethods, input: (p, b) => ({ product: p, brand: { brand_id: b } }), code: "INVALID_INPUT" },
  { name: "an empty id", methods: allMethods, input: (_p, b) => ({ product: { product_id: "" }, brand: { brand_id: b } }), code: "INVALID_ID" },
  { name: "a numeric id", methods: allMethods, input: (_p, b) => ({ product: { product_id: 42 }, brand: { brand_id: b } }), code: "INVALID_ID" },
  {
    name: "a null id",
    methods: [...pairMethods, "delete", "restore"],
    input: (_p, b) => ({ product: { product_id: null }, brand: { brand_id: b } }),
    code: "INVALID_ID",
  },
  {
    name: "an id with a NUL byte",
    methods: allMethods,
    input: (_p, b) => ({ product: { product_id: "a\u0000b" }, brand: { brand_id: b } }),
    code: "INVALID_ID",
  },
  { name: "a huge id", methods: allMethods, input: (_p, b) => ({ product: { product_id: "x".repeat(10_000) }, brand: { brand_id: b } }), code: "INVALID_ID" },
  {
    name: "an array of ids where one is expected",
    methods: ["create", "dismiss"],
    input: (p, b) => ({ product: { product_id: [p] }, brand: { brand_id: b } }),
    code: "INVALID_ID",
  },
  {
    name: "an empty id array",
    methods: ["delete", "restore", "list"],
    input: (_p, b) => ({ product: { product_id: [] }, brand: { brand_id: b } }),
    code: "INVALID_ID",
  },
  {
    name: "two modules no link joins",
    methods: pairMethods,
    input: () => ({ brand: { brand_id: "b" }, inventory: { inventory_item_id: "i" } }),
    code: "UNKNOWN_LINK",
  },
  {
    name: "a link name that does not exist",
    methods: [...pairMethods, "list"],
    input: (p, b) => ({ product: { product_id: p }, brand: { brand_id: b }, link: "nope" }),
    code: "UNKNOWN_LINK",
  },
  { name: "the reverse direction", methods: pairMethods, input: (p, b) => ({ brand: { brand_id: b }, product: { product_id: p } }), code: "WRONG_DIRECTION" },
  {
    name: "an unknown data column",
    methods: ["create", "replace"],
    input: (p) => ({ product: { product_id: p }, helloModuleService: { my_custom_id: "c" }, data: { colour: "red" } }),
    code: "INVALID_DATA",
  },
  {
    name: "a data value of the wrong type",
    methods: ["create", "replace"],
    input: (p) => ({ product: { product_id: p }, helloModuleService: { my_custom_id: "c" }, data: { position: "first" } }),
    code: "INVALID_DATA",
  },
  {
    name: "null for a column that is not nullable",
    methods: ["create", "replace"],
    input: (p) => ({ product: { product_id: p }, helloModuleService: { my_custom_id: "c" }, data: { position: null } }),
    code: "INVALID_DATA",
  },
  {
    name: "data that is not an object",
    methods: ["create", "replace"],
    input: (p) => ({ product: { product_id: p }, helloModuleService: { my_custom_id: "c" }, data: "x" }),
    code: "INVALID_DATA",
  },
  {
    name: "data on a link without extra columns",
    methods: ["create"],
    input: (p, b) => ({ product: { product_id: p }, brand: { brand_id: b }, data: { note: 1 } }),
    code: "INVALID_DATA",
  },
  {
    name: "data given to dismiss",
    methods: ["dismiss"],
    input: (p) => ({ product: { product_id: p }, helloModuleService: { my_custom_id: "c" }, data: { label: "x" } }),
    code: "INVALID_INPUT",
  },
  {
    name: "ids given as arrays on both sides of a replace",
    methods: ["replace"],
    input: (p, b) => ({ product: { product_id: [p] }, brand: { brand_id: [b] } }),
    code: "INVALID_INPUT",
  },
  { name: "a `link` field on delete", methods: ["delete", "restore"], input: (p) => ({ product: { product_id: p }, link: "featured" }), code: "INVALID_INPUT" },
  {
    name: "a good input followed by a bad one",
    methods: ["create", "dismiss"],
    input: (p, b) => [{ product: { product_id: p }, brand: { brand_id: b } }, { product: { product_id: p } }],
    code: "INVALID_INPUT",
  },
  {
    name: "SQL in an id is just an id, but SQL in a key is refused",
    methods: allMethods,
    input: (p, b) => ({ product: { "product_id = '' OR 1=1; --": p }, brand: { brand_id: b } }),
    code: "UNKNOWN_KEY",
  },
];

const cases = catalogue.flatMap((entry) => entry.methods.map((method) => ({ ...entry, method })));

export function badInputTests(ctx: SuiteContext): void {
  describe("bad input", () => {
    it.each(cases)("$method refuses $name with $code and writes nothing", async ({ method, input, code }) => {
      const [p, b] = [ctx.id("prod"), ctx.id("brand")];
      const call = (ctx.remoteLink[method] as (input: unknown) => Promise<unknown>).bind(ctx.remoteLink);
      const error = await call(input(p, b)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code });
      expect((error as Error).message.length).toBeGreaterThan(20);
      expect(await ctx.snapshot([p, b, "c"])).toEqual([]);
    });

    it("ids full of quotes, semicolons and unicode are stored verbatim", async () => {
      const p = `${ctx.id("prod")}'; DROP TABLE x; -- "ü🙂`;
      const b = `${ctx.id("brand")}\\' OR '1'='1`;
      await ctx.remoteLink.create({ product: { product_id: p }, brand: { brand_id: b } });
      const rows = await ctx.remoteLink.list({ product: { product_id: p }, brand: {} });
      expect(rows).toMatchObject([{ product_id: p, brand_id: b }]);
    });
  });
}
