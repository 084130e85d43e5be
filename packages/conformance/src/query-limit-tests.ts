import type { LinkError } from "@modlink/core";
import type { GraphQuery, QueryLimits } from "@modlink/query";
import { expect, it } from "vitest";
import type { ReadPath } from "./query-tests";
import { type RecordedQuery, expectNoReads, graphFailure } from "./recorded-query";

type Limits = Partial<QueryLimits>;

/** The error of a call with these limits, or a failure when it succeeds. */
function failure(env: RecordedQuery, query: GraphQuery, limits?: Limits): Promise<LinkError & { limit?: string; allowed?: number }> {
  return graphFailure(env, query, limits && { limits });
}

/**
 * `QueryLimits` over the fixture data, for any store and read path: limits
 * the query itself shows fail before any read; limits on what reads return
 * fail as soon as a read returns more, and never return a partial result.
 */
export function queryLimitTests(env: () => RecordedQuery, reads: ReadPath): void {
  it("a path that goes back along a link it came by is refused before any read, unless revisits are allowed", async () => {
    const looping: GraphQuery = { entity: "product", fields: ["id", "brand.products.id"], filters: { id: "prod_1" } };
    const current = env();
    current.reset();
    const error = await failure(current, looping);
    expect([error.code, error.limit]).toEqual(["QUERY_TOO_COSTLY", "allowRevisits"]);
    expect(error.message).toMatch(/"brand\.products" follows the link product\.product <-> brand\.brand twice.*allowRevisits: true/);
    expectNoReads(current);
    const loopingFilter = await failure(current, { entity: "product", filters: { brand: { products: { title: "Anvil" } } } });
    expect([loopingFilter.limit, loopingFilter.message]).toEqual(["allowRevisits", expect.stringMatching(/"filters\.brand\.products"/)]);
    // A read-only link and the one declared the other way match the same two fields: one link.
    const backAndForth = await failure(current, { entity: "my_custom", fields: ["brand.my_customs.name"] });
    expect([backAndForth.limit, backAndForth.message]).toEqual(["allowRevisits", expect.stringMatching(/"brand\.my_customs" follows the link/)]);
    expectNoReads(current);
    const allowed = await current.query.graph(looping, { limits: { allowRevisits: true } });
    expect(allowed.data).toEqual([{ id: "prod_1", brand: { id: "brand_acme", products: [{ id: "prod_1" }, { id: "prod_2" }] } }]);
  });

  it("fields, filters and sort keys deeper than maxDepth are refused before any read", async () => {
    const current = env();
    current.reset();
    const deep: GraphQuery[] = [
      { entity: "product", fields: ["brand.my_customs.name"] },
      { entity: "product", filters: { brand: { my_customs: { name: "red" } } } },
      { entity: "my_custom", order: ["product.brand.name"] },
    ];
    for (const input of deep) {
      const error = await failure(current, input, { maxDepth: 1 });
      expect([error.code, error.limit, error.allowed]).toEqual(["QUERY_TOO_COSTLY", "maxDepth", 1]);
      expect(error.message).toMatch(/follows 2 relations, over the query limit maxDepth \(1\).*limits: \{ maxDepth: 2 \}/);
    }
    expectNoReads(current);
    expect((await current.query.graph(deep[0] as GraphQuery, { limits: { maxDepth: 2 } })).metadata.count).toBe(6);
  });

  it("too many fields, filter terms or sort keys are refused before any read", async () => {
    const current = env();
    current.reset();
    const repeatedOrder = { entity: "product", order: Array.from({ length: 1_000 }, () => "brand.name") };
    expect((await failure(current, repeatedOrder)).limit).toBe("maxOrderTerms");
    const nestedOrder = { entity: "brand", fields: ["products.id"], pagination: { relations: { products: { order: ["title", "price"] } } } };
    expect((await failure(current, nestedOrder, { maxOrderTerms: 1 })).limit).toBe("maxOrderTerms");
    expect((await failure(current, { entity: "product", fields: Array.from({ length: 101 }, () => "id") })).limit).toBe("maxFields");
    const filters = { title: { $ne: "x", $like: "%" }, brand: { name: { $ne: "y" } } };
    const terms = await failure(current, { entity: "product", filters }, { maxFilterTerms: 3 });
    expect([terms.limit, terms.message]).toEqual(["maxFilterTerms", expect.stringMatching(/filters hold 4 conditions and relation filters/)]);
    expectNoReads(current);
    expect((await current.query.graph({ entity: "product", filters }, { limits: { maxFilterTerms: 4 } })).metadata.count).toBe(4);
  });

  it("a page larger than maxRecords, or a nested page larger than maxListSize, is refused before any read", async () => {
    const current = env();
    current.reset();
    expect((await failure(current, { entity: "product", pagination: { take: 11 } }, { maxRecords: 10 })).limit).toBe("maxRecords");
    const nested = { entity: "brand", fields: ["products.id"], pagination: { relations: { products: { take: 3 } } } };
    expect((await failure(current, nested, { maxListSize: 2 })).limit).toBe("maxListSize");
    expectNoReads(current);
  });

  it("an unpaged root over maxRecords fails; at exactly the limit it is read whole", async () => {
    const current = env();
    const error = await failure(current, { entity: "product", fields: ["id"] }, { maxRecords: 5 });
    expect([error.limit, error.message]).toEqual(["maxRecords", expect.stringMatching(/The query matched more than 5 records.*pagination\.take/)]);
    expect((await current.query.graph({ entity: "product", fields: ["id"] }, { limits: { maxRecords: 6 } })).data).toHaveLength(6);
    expect((await current.query.graph({ entity: "product", fields: ["id"], pagination: { take: 5 } }, { limits: { maxRecords: 5 } })).data).toHaveLength(5);
  });

  it("sorting by a linked field in memory holds every match, so more matches than maxRecords fail; in SQL only the page", async () => {
    const current = env();
    const sorted: GraphQuery = { entity: "product", fields: ["id"], order: ["brand.name"], pagination: { take: 2 } };
    expect((await current.query.graph(sorted, { limits: { maxRecords: 6 } })).data).toEqual([{ id: "prod_1" }, { id: "prod_2" }]);
    if (reads === "joins") {
      expect((await current.query.graph(sorted, { limits: { maxRecords: 5 } })).data).toEqual([{ id: "prod_1" }, { id: "prod_2" }]);
    } else {
      const error = await failure(current, sorted, { maxRecords: 5 });
      expect([error.limit, error.message]).toEqual(["maxRecords", expect.stringMatching(/Sorting by a linked field sorts every matching product/)]);
    }
  });

  it("the result counts a record once per parent it is shown under, and fails over maxRecords", async () => {
    const current = env();
    const input: GraphQuery = { entity: "product", fields: ["id", "brand.id"], filters: { id: ["prod_1", "prod_2", "prod_3"] } };
    // 3 products and 3 brand showings (acme twice): 6 records shown.
    expect((await current.query.graph(input, { limits: { maxRecords: 6 } })).data).toHaveLength(3);
    const error = await failure(current, input, { maxRecords: 5 });
    expect([error.limit, error.message]).toEqual(["maxRecords", expect.stringMatching(/The result would hold 6 records/)]);
  });

  it("an unpaged nested list longer than maxListSize fails; paged to the limit it is read", async () => {
    const current = env();
    const input: GraphQuery = { entity: "brand", fields: ["id", "products.id"], filters: { id: "brand_acme" } };
    const error = await failure(current, input, { maxListSize: 1 });
    expect([error.limit, error.message]).toEqual(["maxListSize", expect.stringMatching(/"products" holds 2 records for one parent.*take: 100/)]);
    const paged = await current.query.graph({ ...input, pagination: { relations: { products: { take: 1 } } } }, { limits: { maxListSize: 1 } });
    expect(paged.data).toEqual([{ id: "brand_acme", products: [{ id: "prod_1" }] }]);
  });

  it("a record reached under several parents is one shared object, its link row on a copy per parent", async () => {
    const { data } = await env().query.graph({ entity: "product", fields: ["id", "brand.name"], filters: { id: ["prod_1", "prod_2"] } });
    expect(data[0]?.brand).toEqual({ id: "brand_acme", name: "acme" });
    expect(data[0]?.brand).toBe(data[1]?.brand);
  });
}
