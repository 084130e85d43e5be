import { describe, expect, it } from "vitest";
import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { LinkQuery, defineReadOnlyLink, listRecordsInMemory, matchesConditions, type QueryableModuleService } from "../src";
import { ListedLinksStore } from "./helpers/listed-links-store";

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
const Hello = defineModule("helloModuleService", { models: ["my_custom"] });
const Legacy = defineModule("legacy", { models: ["product"] });
const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);
const customProduct = defineLink({ linkable: Hello.linkable.myCustom, isList: true }, Product.linkable.product);
const legacyBrand = defineLink({ linkable: Legacy.linkable.product, isList: true }, Brand.linkable.brand);
const customBrand = defineReadOnlyLink({ linkable: Hello.linkable.myCustom, field: "brand_id" }, Brand.linkable.brand);

const data: Record<"product" | "brand" | "my_custom", Record<string, unknown>[]> = {
  product: [
    { id: "p1", title: "Anvil", deleted_at: null },
    { id: "p2", title: "Bucket", deleted_at: null },
  ],
  brand: [
    { id: "b1", name: "zenith", deleted_at: null },
    { id: "b2", name: "acme", deleted_at: null },
  ],
  my_custom: [
    { id: "c1", name: "red", brand_id: "b2", deleted_at: null },
    { id: "c2", name: "blue", brand_id: "b1", deleted_at: null },
    { id: "c3", name: "none", brand_id: null, deleted_at: null },
  ],
};

const inMemory = (model: keyof typeof data, fields: readonly string[]): QueryableModuleService => ({
  models: { [model]: { fields } },
  listRecords: async (_model, query) => listRecordsInMemory(data[model], query),
});

const modules = {
  product: inMemory("product", ["id", "title", "deleted_at"]),
  brand: inMemory("brand", ["id", "name", "deleted_at"]),
  helloModuleService: inMemory("my_custom", ["id", "name", "brand_id", "deleted_at"]),
};

// p1 moved from b1 to b2: the b1 link stays behind, dismissed.
const store = new ListedLinksStore([
  [
    productBrand,
    [
      { left: "p1", right: "b1", dismissed: true },
      { left: "p1", right: "b2" },
      { left: "p2", right: "b1" },
    ],
  ],
  [
    customProduct,
    [
      { left: "c1", right: "p2" },
      { left: "c2", right: "p1" },
    ],
  ],
]);
const remoteLink = new RemoteLink({ links: [productBrand, customProduct, legacyBrand], store });
const query = new LinkQuery({
  graph: remoteLink.graph,
  store,
  modules,
  readOnlyLinks: [customBrand],
  relationNames: { brand: { "legacy.product": "legacy_products" } },
});

describe("LinkQuery.graph (memory)", () => {
  it("sorts by a field two one-relations away and filters through a link then a read-only link", async () => {
    const sorted = await query.graph({ entity: "my_custom", fields: ["id"], order: ["product.brand.name"] });
    expect(sorted.data.map((c) => c.id)).toEqual(["c2", "c1", "c3"]);
    const filtered = await query.graph({ entity: "product.product", fields: ["id"], filters: { my_customs: { brand: { name: "acme" } } } });
    expect(filtered.data).toEqual([{ id: "p2" }]);
  });

  it("with withDeleted a one relation still shows the live partner over a dismissed one", async () => {
    const { data: rows } = await query.graph({ entity: "product.product", fields: ["brand.name"], filters: { id: "p1" }, withDeleted: true });
    expect(rows).toEqual([{ id: "p1", brand: { id: "b2", name: "acme" } }]);
  });

  it("a model of several modules is named module.model, and the message lists the choices", async () => {
    await expect(query.graph({ entity: "product" })).rejects.toMatchObject({ message: expect.stringContaining("legacy.product, product.product") });
    await expect(query.graph({ entity: "legacy.product", fields: ["id"] })).rejects.toMatchObject({ code: "MISSING_SERVICE" });
    expect((await query.graph({ entity: "product.product", fields: ["id"] })).data).toHaveLength(2);
  });

  it("malformed queries are refused with INVALID_INPUT naming the fix", async () => {
    const bad = [
      [{ entity: "brand", filter: {} }, /no option "filter"/],
      [{ entity: "brand", fields: ["name.x"] }, /"name" is a field of brand, not a relation/],
      [{ entity: "brand", pagination: { take: -1 } }, /pagination.take must be a whole number/],
      [{ entity: "brand", pagination: { relations: { products: { take: 1 } } } }, /which fields do not select/],
      [{ entity: "my_custom", fields: ["product.id"], pagination: { relations: { product: { take: 1 } } } }, /"one" relation/],
      [{ entity: "brand", filters: { name: { $contains: "a" } } }, /the operators are \$eq/],
      [{ entity: "brand", filters: { name: { $in: "acme" } } }, /\$in must be an array/],
      [{ entity: "brand", fields: ["products.link.metadata"] }, /has no column "metadata"/],
      [{ entity: "my_custom", fields: ["brand.link.id"] }, /read-only link/],
    ] as const;
    for (const [input, message] of bad) {
      await expect(query.graph(input as never), JSON.stringify(input)).rejects.toMatchObject({
        code: "INVALID_INPUT",
        message: expect.stringMatching(message),
      });
    }
  });

  it("a module breaking the contract gets an error saying what it returned wrong", async () => {
    const noCount = { ...modules.brand, listRecords: async () => ({ rows: [{ id: "b1" }] }) };
    const noKey = { ...modules.brand, listRecords: async () => ({ rows: [{ name: "acme" }], count: 1 }) };
    await expect(new LinkQuery({ modules: { brand: noCount } }).graph({ entity: "brand" })).rejects.toThrow(/no `count` although query.withCount/);
    await expect(new LinkQuery({ modules: { brand: noKey } }).graph({ entity: "brand" })).rejects.toThrow(/a row without its primary key "id"/);
  });
});

describe("matchesConditions", () => {
  it("gives each operator its SQL meaning, nulls matching only null", () => {
    const row = { name: "50% off_Sale", n: 5, none: null };
    const holds = (field: string, op: Parameters<typeof matchesConditions>[1][number]["op"], value: unknown) => matchesConditions(row, [{ field, op, value }]);
    expect([holds("name", "like", "50\\% off%"), holds("name", "like", "50% OFF%"), holds("name", "ilike", "50% OFF\\_sale")]).toEqual([true, false, true]);
    expect([holds("n", "in", [1, 5]), holds("n", "nin", [5]), holds("n", "gte", 5), holds("n", "lt", 5)]).toEqual([true, false, true, false]);
    expect([holds("none", "ne", 1), holds("none", "nin", [1]), holds("none", "null", true), holds("n", "null", false)]).toEqual([false, false, true, true]);
  });
});
