import { describe, expect, it } from "vitest";
import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { LinkQuery, MAX_FILTER_LIST_VALUES, listRecordsInMemory, type QueryableModuleService, type RecordQuery } from "../src";
import { ListedLinksStore } from "./helpers/listed-links-store";

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);

const rows: Record<"product" | "brand", Record<string, unknown>[]> = {
  product: [
    { id: "p1", title: "Anvil", stock: 3, deleted_at: null },
    { id: "p2", title: "Bucket", stock: 0, deleted_at: null },
  ],
  brand: [{ id: "b1", name: "acme", deleted_at: null }],
};

/** Every query a module was asked, so a test can tell that a refused filter fetched nothing. */
const fetched: RecordQuery[] = [];
const inMemory = (model: keyof typeof rows, fields: readonly string[]): QueryableModuleService => ({
  models: { [model]: { fields } },
  listRecords: async (_model, query) => {
    fetched.push(query);
    return listRecordsInMemory(rows[model], query);
  },
});

const store = new ListedLinksStore([[productBrand, [{ left: "p1", right: "b1" }]]]);
const remoteLink = new RemoteLink({ links: [productBrand], store });
const query = new LinkQuery({
  graph: remoteLink.graph,
  store,
  modules: { product: inMemory("product", ["id", "title", "stock", "deleted_at"]), brand: inMemory("brand", ["id", "name", "deleted_at"]) },
});

const tooMany = Array.from({ length: MAX_FILTER_LIST_VALUES + 1 }, (_, i) => `t${i}`);

const refused: readonly [what: string, filters: unknown, message: RegExp][] = [
  ["an object inside $in", { title: { $in: ["Anvil", { x: 1 }] } }, /^filters\.title\.\$in\[1\] is an object/],
  ["a nested array inside $in", { title: { $in: [["Anvil"]] } }, /^filters\.title\.\$in\[0\] is an array/],
  ["an object inside $in through a relation", { brand: { name: { $in: ["a", "b", { $gt: "a" }] } } }, /^filters\.brand\.name\.\$in\[2\] is an object/],
  ["null inside $nin", { title: { $nin: ["Anvil", null] } }, /^filters\.title\.\$nin\[1\] is null.*\{ \$null: true \}/],
  ["NaN inside $in", { stock: { $in: [Number.NaN] } }, /^filters\.stock\.\$in\[0\] is NaN/],
  ["a hole in a bare array", { title: ["Anvil", undefined] }, /^filters\.title\[1\] is undefined/],
  ["an object inside a bare array", { title: ["Anvil", {}] }, /^filters\.title\[1\] is an object/],
  [`more than MAX_FILTER_LIST_VALUES in $in`, { title: { $in: tooMany } }, /^filters\.title\.\$in lists 1001 values; at most MAX_FILTER_LIST_VALUES \(1000\)/],
  [`more than MAX_FILTER_LIST_VALUES in a bare array`, { title: tooMany }, /^filters\.title lists 1001 values/],
  ["$in given a single value", { title: { $in: "Anvil" } }, /^filters\.title\.\$in must be an array of values/],
  ["an object as $eq", { title: { $eq: { $gt: 1 } } }, /^filters\.title\.\$eq is an object/],
  ["an array as $gte", { stock: { $gte: [1] } }, /^filters\.stock\.\$gte is an array; lists go in \$in or \$nin/],
  ["Infinity as $lt", { stock: { $lt: Number.POSITIVE_INFINITY } }, /^filters\.stock\.\$lt is Infinity/],
  ["an invalid Date", { title: new Date(Number.NaN) }, /^filters\.title is an invalid Date/],
  ["a Map as a value", { title: new Map() }, /^filters\.title is an object/],
  ["a function as a value", { title: () => "Anvil" }, /^filters\.title is a function/],
  ["a NUL byte in a value", { title: "An\u0000vil" }, /^filters\.title contains a NUL character/],
  ["a lone surrogate in a value", { brand: { name: "\ud800" } }, /^filters\.brand\.name contains an unpaired UTF-16 surrogate/],
  ["a number as $like", { title: { $like: 5 } }, /^filters\.title\.\$like must be a string pattern/],
  ["a NUL byte in $ilike", { title: { $ilike: "%\u0000%" } }, /^filters\.title\.\$ilike contains a NUL character/],
  ["a $like pattern ending in a lone escape", { title: { $like: "Anv\\" } }, /^filters\.title\.\$like ends with the escape character/],
  ["an object that only claims to be a Date", { title: Object.create(Date.prototype) }, /^filters\.title is an invalid Date/],
  ["a string as $null", { title: { $null: "yes" } }, /^filters\.title\.\$null must be true \(is null\) or false/],
  ["null for $gt", { stock: { $gt: null } }, /^filters\.stock\.\$gt cannot compare with null/],
];

describe("LinkQuery.graph filter values", () => {
  it.each(refused)("refuses %s with INVALID_INPUT naming its position, and fetches nothing", async (_what, filters, message) => {
    fetched.length = 0;
    const error = await query.graph({ entity: "product", fields: ["id"], filters: filters as never }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(message) });
    expect((error as Error).message).toMatch(/\.$/);
    expect(fetched).toEqual([]);
  });

  it("hands a module a plain copy of a Date, never one carrying its own methods (a toSQL a query builder would paste into SQL)", async () => {
    const trojan = Object.assign(new Date("2000-01-01T00:00:00.000Z"), { isRawInstance: true, toSQL: () => ({ sql: "now() or true", bindings: [] }) });
    fetched.length = 0;
    await query.graph({ entity: "product", fields: ["id"], filters: { title: trojan, stock: { $in: [trojan] } } });
    const values = fetched[0]?.conditions.flatMap((condition) => (Array.isArray(condition.value) ? condition.value : [condition.value]));
    expect(values).toHaveLength(2);
    for (const value of values ?? []) {
      expect(Object.getPrototypeOf(value)).toBe(Date.prototype);
      expect(Object.keys(value as object)).toEqual([]);
      expect((value as Date).toISOString()).toBe("2000-01-01T00:00:00.000Z");
    }
  });

  it("takes every kind of scalar, and lists of exactly MAX_FILTER_LIST_VALUES", async () => {
    const ids = async (filters: object) => (await query.graph({ entity: "product", fields: ["id"], filters: filters as never })).data.map((r) => r.id);
    expect(await ids({ title: { $in: ["Anvil", ...tooMany.slice(2)] } })).toEqual(["p1"]);
    expect(await ids({ stock: { $gte: 1n } })).toEqual(["p1"]);
    expect(await ids({ stock: [0, 7] })).toEqual(["p2"]);
    expect(await ids({ title: { $ilike: "%UCK%", $ne: "x" }, brand: { name: { $nin: ["zenith"] } } })).toEqual([]);
    expect(await ids({ title: { $like: "B\\%%" } })).toEqual([]);
    expect(await ids({ title: { $eq: null } })).toEqual([]);
    expect(await ids({ brand: { name: { $like: "ac%" } } })).toEqual(["p1"]);
  });
});
