import { LinkQuery, listRecordsInMemory, type GraphQuery, type RecordQuery } from "@modlink/query";
import { KnexLinkStore, createKnex } from "@modlink/knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContainer, appModuleServices, createAppContainer } from "../src/app-container.js";
import type { AppModuleName } from "../src/modules/app-modules.js";
import { prepareDatabase } from "../src/prepare-database.js";
import { readOnlyLinks } from "../src/read-only-links.js";
import { seedIfEmpty } from "../src/seed.js";

/*
 * The sample app's modules answer the query engine's `listRecords` in SQL.
 * In the app every hop is a SQL join (the modules declare `sqlSource`), so
 * `listRecords` is only reached when that path is off: checked here against
 * the engine's reference, `listRecordsInMemory`, and end to end against the
 * join path.
 */

let container: AppContainer;

beforeAll(async () => {
  container = await createAppContainer(await createKnex("pglite://memory"));
  await prepareDatabase(container);
  await seedIfEmpty(container);
  const { product, brand, remoteLink, knex } = container.cradle;
  await brand.create({ id: "brand_old", name: "Oldco" });
  await knex("brands").where({ id: "brand_old" }).update({ deleted_at: new Date() });
  await product.createProduct({ id: "prod_cap", title: "Cap", variants: [{ id: "variant_cap", title: "Cap", sku: null }] });
  await remoteLink.create([
    { product: { product_id: "prod_cap" }, brand: { brand_id: "brand_acme" } },
    { product: { product_id: "prod_shirt" }, brand: { brand_id: "brand_acme" } },
    { product: { product_id: "prod_shirt" }, helloModuleService: { my_custom_id: "mc_gift_wrap" }, data: { metadata: { note: "gift" } } },
  ]);
});

afterAll(async () => {
  await container?.dispose();
});

function recordQuery(fields: readonly string[], overrides: Partial<RecordQuery> = {}): RecordQuery {
  return { conditions: [], fields, order: [{ field: "id", direction: "asc" }], withDeleted: false, withCount: true, ...overrides };
}

/** The rows of the reference answer, cut to the fields asked for (the module returns those and the id). */
function reference(all: readonly Record<string, unknown>[], query: RecordQuery) {
  const page = listRecordsInMemory(all, query);
  const pick = (row: Record<string, unknown>) => Object.fromEntries(["id", ...query.fields].map((field) => [field, row[field]]));
  return { rows: page.rows.map(pick), count: page.count };
}

describe("listRecords of the sample modules", () => {
  it("honours conditions, order with nulls, skip/take, ids, withDeleted and withCount as listRecordsInMemory does", async () => {
    const services = appModuleServices(container);
    const cases: Array<{ module: AppModuleName; model: string; query: RecordQuery }> = [
      { module: "brand", model: "brand", query: recordQuery(["name"]) },
      { module: "brand", model: "brand", query: recordQuery(["name"], { withDeleted: true }) },
      { module: "brand", model: "brand", query: recordQuery(["name"], { conditions: [{ field: "name", op: "ne", value: "Acme" }], withDeleted: true }) },
      { module: "brand", model: "brand", query: recordQuery(["name"], { conditions: [{ field: "name", op: "ilike", value: "%O%" }] }) },
      { module: "brand", model: "brand", query: recordQuery(["name"], { ids: ["brand_acme", "brand_old"] }) },
      { module: "brand", model: "brand", query: recordQuery(["name"], { ids: [] }) },
      {
        module: "inventory",
        model: "inventory_item",
        query: recordQuery(["sku", "quantity"], {
          conditions: [
            { field: "quantity", op: "gte", value: 5 },
            { field: "quantity", op: "lt", value: 25 },
          ],
        }),
      },
      {
        module: "inventory",
        model: "inventory_item",
        query: recordQuery(["quantity"], {
          order: [
            { field: "quantity", direction: "desc" },
            { field: "id", direction: "asc" },
          ],
          skip: 1,
          take: 1,
        }),
      },
      {
        module: "product",
        model: "product_variant",
        query: recordQuery(["sku"], {
          order: [
            { field: "sku", direction: "desc" },
            { field: "id", direction: "asc" },
          ],
        }),
      },
      {
        module: "product",
        model: "product_variant",
        query: recordQuery(["sku"], {
          order: [
            { field: "sku", direction: "asc" },
            { field: "id", direction: "asc" },
          ],
          take: 10,
        }),
      },
      { module: "product", model: "product_variant", query: recordQuery(["sku"], { conditions: [{ field: "sku", op: "nin", value: ["MUG"] }] }) },
      { module: "product", model: "product_variant", query: recordQuery(["sku"], { conditions: [{ field: "sku", op: "nin", value: [] }] }) },
      { module: "product", model: "product_variant", query: recordQuery(["sku"], { conditions: [{ field: "sku", op: "null", value: true }] }) },
      {
        module: "product",
        model: "product_variant",
        query: recordQuery(["title"], {
          conditions: [
            { field: "sku", op: "like", value: "SHIRT-_" },
            { field: "title", op: "in", value: ["Shirt S", "Mug"] },
          ],
        }),
      },
      { module: "product", model: "product", query: recordQuery(["title"], { conditions: [{ field: "title", op: "gt", value: "D" }], withCount: false }) },
    ];
    for (const { module, model, query } of cases) {
      const service = services[module];
      const all = (await service.listRecords(model, recordQuery(service.models[model]?.fields ?? [], { withDeleted: true }))).rows;
      const expected = reference(all, query);
      const answer = await service.listRecords(model, query);
      expect({ rows: answer.rows, count: answer.count }, `${module}.${model} ${JSON.stringify(query)}`).toEqual(
        query.withCount ? expected : { rows: expected.rows, count: undefined },
      );
    }
  });

  it("a LinkQuery calling listRecords (no shared database name) answers the catalog as the SQL join path does", async () => {
    const joined = container.resolve("query");
    const general = new LinkQuery({
      graph: container.resolve("remoteLink").graph,
      store: new KnexLinkStore({ knex: container.resolve("knex") }),
      modules: appModuleServices(container),
      readOnlyLinks,
    });
    const queries: GraphQuery[] = [
      {
        entity: "product",
        fields: ["id", "title", "brand.name", "my_custom.name", "my_custom.link.metadata", "product_variants.sku"],
        order: ["brand.name", "title"],
      },
      {
        entity: "product",
        fields: ["title"],
        filters: { brand: { name: "Acme" } },
        order: [{ field: "title", direction: "desc" }],
        pagination: { skip: 1, take: 1 },
      },
      { entity: "brand", fields: ["name", "products.title"], withDeleted: true },
      { entity: "product_variant", fields: ["sku", "product.title", "inventory_item.quantity"], filters: { product: { title: "Shirt" } } },
    ];
    for (const query of queries) expect(await general.graph(query), JSON.stringify(query)).toEqual(await joined.graph(query));
    expect((await general.graph(queries[1] as GraphQuery)).data).toEqual([{ id: "prod_cap", title: "Cap" }]);
  });
});
