import type { GraphOptions, GraphQuery, RecordNotFoundError } from "@modlink/query";
import { expect, it } from "vitest";
import type { ReadPath } from "./query-tests";
import { type RecordedQuery, expectNoReads, graphFailure } from "./recorded-query";

const ids = (data: readonly Record<string, unknown>[]) => data.map((record) => record.id);

/** The fields of a `RecordNotFoundError` a test compares, in one array. */
const notFound = (error: RecordNotFoundError) => [error.code, error.entity, error.ids, error.relation];

/**
 * Medusa's `query.graph` options over the fixture data, for any store and
 * read path: `throwIfKeyNotFound` and `throwIfRelationNotFound` fail with
 * `RECORD_NOT_FOUND` exactly where the data lacks what they require, and a
 * query's `context` reaches every module it reads. What they cannot check
 * is refused before any read.
 */
export function queryOptionTests(env: () => RecordedQuery, reads: ReadPath): void {
  it("throwIfKeyNotFound returns the records when every id is found, else fails naming the entity and missing ids before reading relations", async () => {
    const current = env();
    const keys = { throwIfKeyNotFound: true };
    const found = await current.query.graph({ entity: "product", fields: ["id", "brand.name"], filters: { id: ["prod_2", "prod_1"] } }, keys);
    expect(ids(found.data)).toEqual(["prod_1", "prod_2"]);
    current.reset();
    const missing = { entity: "product", fields: ["id", "brand.name"], filters: { id: ["prod_1", "prod_404", "prod_6"] } };
    const error = await graphFailure<RecordNotFoundError>(current, missing, keys);
    expect(notFound(error)).toEqual(["RECORD_NOT_FOUND", "product", ["prod_404", "prod_6"], undefined]);
    expect(error.message).toMatch(/no product record matching the filters has the id "prod_404", "prod_6" of filters\.id among live records/);
    if (reads === "joins") expect([current.joinReads, current.fetches]).toEqual([["page product"], []]);
    else expect([current.fetches.map((call) => call.module), current.linkReads]).toEqual([["product"], []]);

    // prod_6 is soft-deleted; without the option a missing id is simply absent.
    const deleted = await current.query.graph({ entity: "product", fields: ["id"], filters: { id: ["prod_1", "prod_6"] }, withDeleted: true }, keys);
    expect(ids(deleted.data)).toEqual(["prod_1", "prod_6"]);
    expect(ids((await current.query.graph({ entity: "product", fields: ["id"], filters: { id: ["prod_1", "prod_404"] } })).data)).toEqual(["prod_1"]);
  });

  it("throwIfKeyNotFound counts an id the other filters exclude as not found", async () => {
    const current = env();
    const query: GraphQuery = { entity: "product", fields: ["id"], filters: { id: ["prod_1", "prod_3"], brand: { name: "zenith" } } };
    expect(notFound(await graphFailure<RecordNotFoundError>(current, query, { throwIfKeyNotFound: true }))).toEqual([
      "RECORD_NOT_FOUND",
      "product",
      ["prod_1"],
      undefined,
    ]);
  });

  it("throwIfRelationNotFound fails where a one relation would be null: no link, or a soft-deleted partner unless withDeleted", async () => {
    const current = env();
    const all = { throwIfRelationNotFound: true };
    const error = await graphFailure<RecordNotFoundError>(current, { entity: "product", fields: ["title", "brand.name"] }, all);
    expect(notFound(error)).toEqual(["RECORD_NOT_FOUND", "product", ["prod_5", "prod_7"], "brand"]);
    expect(error.message).toMatch(/the product records "prod_5", "prod_7" have no linked record under "brand".*to get null instead/);
    // prod_7's brand is soft-deleted: withDeleted brings it back; prod_5 has no link at all.
    const withDeleted = await graphFailure<RecordNotFoundError>(current, { entity: "product", fields: ["brand.name"], withDeleted: true }, all);
    expect(notFound(withDeleted)).toEqual(["RECORD_NOT_FOUND", "product", ["prod_5"], "brand"]);
    const linked = await current.query.graph({ entity: "product", fields: ["id", "brand.name"], filters: { id: ["prod_1", "prod_4"] } }, all);
    expect(linked.data.map((product) => (product.brand as { name: string }).name)).toEqual(["acme", "bolt"]);
  });

  it("throwIfRelationNotFound treats a dismissed link as no link, unless withDeleted", async () => {
    const current = env();
    const product = { throwIfRelationNotFound: ["product"] };
    const error = await graphFailure<RecordNotFoundError>(
      current,
      { entity: "my_custom", fields: ["product.title"], filters: { id: ["mc_1", "mc_4"] } },
      product,
    );
    expect(notFound(error)).toEqual(["RECORD_NOT_FOUND", "my_custom", ["mc_4"], "product"]);
    const revived = await current.query.graph({ entity: "my_custom", fields: ["product.title"], filters: { id: "mc_4" }, withDeleted: true }, product);
    expect(revived.data).toEqual([{ id: "mc_4", product: { id: "prod_3", title: "Chisel" } }]);
  });

  it("throwIfRelationNotFound fails on an empty list too, and a read-only link whose key is null", async () => {
    const current = env();
    const lists = await graphFailure<RecordNotFoundError>(
      current,
      { entity: "product", fields: ["my_customs.name"], filters: { id: ["prod_1", "prod_2", "prod_3"] } },
      { throwIfRelationNotFound: true },
    );
    expect(notFound(lists)).toEqual(["RECORD_NOT_FOUND", "product", ["prod_2", "prod_3"], "my_customs"]);
    expect(lists.message).toMatch(/to get an empty list instead/);
    const readOnly = await graphFailure<RecordNotFoundError>(current, { entity: "my_custom", fields: ["brand.name"] }, { throwIfRelationNotFound: ["brand"] });
    expect(notFound(readOnly)).toEqual(["RECORD_NOT_FOUND", "my_custom", ["mc_3"], "brand"]);
  });

  it("throwIfRelationNotFound with paths checks only those relations, a nested one under the records read above it", async () => {
    const current = env();
    const named = await current.query.graph(
      { entity: "product", fields: ["brand.name", "my_customs.name"], filters: { id: ["prod_1", "prod_2"] } },
      { throwIfRelationNotFound: ["brand"] },
    );
    expect(named.data.map((product) => [product.id, (product.my_customs as unknown[]).length])).toEqual([
      ["prod_1", 3],
      ["prod_2", 0],
    ]);
    const nested = await graphFailure<RecordNotFoundError>(
      current,
      { entity: "brand", fields: ["products.my_customs.name"], filters: { id: ["brand_acme", "brand_bolt"] } },
      { throwIfRelationNotFound: ["products.my_customs"] },
    );
    expect(notFound(nested)).toEqual(["RECORD_NOT_FOUND", "product", ["prod_2", "prod_4"], "products.my_customs"]);
  });

  it(
    reads === "joins"
      ? "a query's context changes nothing when every read is joined: no module is called"
      : "a query's context reaches every listRecords call of the query as the same object",
    async () => {
      const current = env();
      const context = { locale: "fr-FR", tenant: { id: "tenant_1" } };
      const query: GraphQuery = {
        entity: "product",
        fields: ["title", "brand.name", "my_customs.name"],
        filters: { brand: { name: "acme" } },
        order: ["brand.name", "title"],
      };
      const plain = await current.query.graph(query);
      current.reset();
      expect(await current.query.graph({ ...query, context })).toEqual(plain);
      if (reads === "joins") {
        expect(current.fetches).toEqual([]);
        return;
      }
      expect(new Set(current.fetches.map((call) => call.module))).toEqual(new Set(["product", "brand", "helloModuleService"]));
      for (const call of current.fetches) expect(call.options?.context).toBe(context);
    },
  );

  it("what the options cannot check, and a context that is not an object, are refused with INVALID_INPUT before any read", async () => {
    const current = env();
    current.reset();
    const refused: [GraphQuery, GraphOptions, RegExp][] = [
      [{ entity: "product", filters: { title: "Anvil" } }, { throwIfKeyNotFound: true }, /the filter must give ids: filters: \{ id: "<id>" \}/],
      [{ entity: "product", filters: { id: ["prod_1", "prod_2"] }, pagination: { take: 1 } }, { throwIfKeyNotFound: true }, /take at least 2/],
      [{ entity: "product", fields: ["brand.name"] }, { throwIfRelationNotFound: ["my_customs"] }, /"my_customs", which fields do not select/],
      [{ entity: "product", context: "fr-FR" as never }, {}, /context must be an object/],
      [{ entity: "product" }, { throwIfKeyNotFund: true } as never, /has no option "throwIfKeyNotFund"; it takes limits, throwIfKeyNotFound and/],
    ];
    for (const [query, options, message] of refused) {
      const error = await graphFailure(current, query, options);
      expect([error.code, error.message]).toEqual(["INVALID_INPUT", expect.stringMatching(message)]);
    }
    expectNoReads(current);
  });
}
