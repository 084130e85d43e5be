import { ContainerRegistrationKeys } from "@modlink/core";
import { LinkQuery, type QueryableModuleService, defineReadOnlyLink } from "@modlink/query";
import { MemoryLinkStore } from "@modlink/memory";
import { asValue, createContainer } from "awilix";
import { describe, expect, it } from "vitest";
import { type RegisterModlinkOptions, registerModlink } from "../src";
import { Brand, Hello, InMemoryRecordsService, links, recordServices } from "./fixtures";

type Links = typeof links;

/** modlink on a strict container, then (on purpose) the module services, then three links. */
async function setup(options: Partial<RegisterModlinkOptions<Links>> = {}, register: Readonly<Record<string, object>> = recordServices()) {
  const container = registerModlink(createContainer({ strict: true }), { links, store: new MemoryLinkStore(), ...options });
  container.register(Object.fromEntries(Object.entries(register).map(([name, service]) => [name, asValue(service)])));
  await container.resolve("remoteLink").create([
    { product: { product_id: "prod_1" }, brand: { brand_id: "brand_1" } },
    { product: { product_id: "prod_2" }, brand: { brand_id: "brand_2" } },
    { product: { product_id: "prod_1" }, helloModuleService: { my_custom_id: "mc_1" }, data: { metadata: { note: "gift" } } },
  ]);
  return container;
}

// productCustom is one-to-one: the relation is `my_custom`, an object or null.
const productFields = ["id", "brand.name", "my_custom.name", "my_custom.link.metadata"];

describe("the query registered by registerModlink", () => {
  it("is one LinkQuery under query that every scope shares, reading the module services registered after modlink", async () => {
    const container = await setup();
    const query = container.createScope().resolve(ContainerRegistrationKeys.QUERY);
    expect(query).toBeInstanceOf(LinkQuery);
    expect(container.createScope().resolve("query")).toBe(query);
    expect(container.resolve("query")).toBe(query);

    const { data, metadata } = await query.graph({ entity: "product", fields: productFields, order: [{ field: "brand.name", direction: "desc" }] });
    expect(data).toEqual([
      { id: "prod_2", brand: { id: "brand_2", name: "Globex" }, my_custom: null },
      { id: "prod_1", brand: { id: "brand_1", name: "Acme" }, my_custom: { id: "mc_1", name: "Gift wrap", link: { metadata: { note: "gift" } } } },
    ]);
    expect(metadata).toEqual({ count: 2, skip: 0, take: null });
  });

  it("uses the same registration as cascades: what a cascade deleted is gone from query results", async () => {
    const container = await setup();
    await container.resolve("remoteLink").delete({ product: { product_id: "prod_1" } });
    const { data } = await container.resolve("query").graph({ entity: "product", fields: productFields, filters: { id: "prod_1" } });
    // The delete soft-deleted both links of prod_1, and the cascade its my_custom record.
    expect(data).toEqual([{ id: "prod_1", brand: null, my_custom: null }]);
    const customs = (withDeleted: boolean) => container.resolve("query").graph({ entity: "my_custom", fields: ["id"], withDeleted });
    expect((await customs(false)).data).toEqual([]);
    expect((await customs(true)).data).toEqual([{ id: "mc_1" }]);
  });

  it("a services map renames a module's registration for queries as for cascades", async () => {
    const { brand, ...others } = recordServices();
    const container = await setup({ services: { brand: "brandModuleService" } }, { ...others, brandModuleService: brand });
    const { data } = await container.resolve("query").graph({ entity: "brand", fields: ["name", "products.id"], filters: { name: "Acme" } });
    expect(data).toEqual([{ id: "brand_1", name: "Acme", products: [{ id: "prod_1" }] }]);
  });

  it("query.modules gives query services directly, and they win over the container's", async () => {
    const rebranded = new InMemoryRecordsService("brand_id", "brand", [{ id: "brand_1", name: "Acme Corp" }]);
    const container = await setup({ query: { modules: { brand: rebranded } } });
    const { data } = await container
      .resolve("query")
      .graph({ entity: "product", fields: ["id", "brand.name"], filters: { brand: { name: { $like: "Acme%" } } } });
    expect(data).toEqual([{ id: "prod_1", brand: { id: "brand_1", name: "Acme Corp" } }]);
  });

  it("a module with no queryable registration is left out: queries reaching it fail with MISSING_SERVICE, others work", async () => {
    const { helloModuleService: _left, ...others } = recordServices();
    const container = await setup({}, others);
    const query = container.resolve("query");
    expect((await query.graph({ entity: "product", fields: ["id", "brand.name"], filters: { id: "prod_1" } })).data).toEqual([
      { id: "prod_1", brand: { id: "brand_1", name: "Acme" } },
    ]);
    await expect(query.graph({ entity: "product", fields: ["my_custom.name"] })).rejects.toMatchObject({ code: "MISSING_SERVICE" });
    await expect(query.graph({ entity: "product", fields: ["my_custom.name"] })).rejects.toThrow(/"helloModuleService"/);
  });

  it("passes query.readOnlyLinks and query.relationNames to the query", async () => {
    const services = {
      ...recordServices(),
      helloModuleService: new InMemoryRecordsService("my_custom_id", "my_custom", [{ id: "mc_1", name: "Gift wrap", brand_id: "brand_2" }]),
    };
    const customBrand = defineReadOnlyLink({ linkable: Hello.linkable.myCustom, field: "brand_id" }, Brand.linkable.brand);
    const container = await setup({ query: { readOnlyLinks: [customBrand], relationNames: { product: { brand: "maker" } } } }, services);
    const query = container.resolve("query");
    expect((await query.graph({ entity: "my_custom", fields: ["id", "brand.name"] })).data).toEqual([{ id: "mc_1", brand: { id: "brand_2", name: "Globex" } }]);
    expect((await query.graph({ entity: "product", fields: ["id", "maker.name"], filters: { id: "prod_1" } })).data).toEqual([
      { id: "prod_1", maker: { id: "brand_1", name: "Acme" } },
    ]);
  });

  it("takes Medusa's throwIfKeyNotFound and throwIfRelationNotFound, and hands a query's context to the module services", async () => {
    const { brand } = recordServices();
    const seen: unknown[] = [];
    const recording: QueryableModuleService = {
      models: brand.models,
      listRecords: (model, query, options) => {
        seen.push(options?.context);
        return brand.listRecords(model, query);
      },
    };
    const query = (await setup({ query: { modules: { brand: recording } } })).resolve("query");
    const context = { locale: "fr-FR" };
    const { data } = await query.graph(
      { entity: "product", fields: ["id", "brand.name"], filters: { id: "prod_1" }, context },
      { throwIfKeyNotFound: true, throwIfRelationNotFound: ["brand"] },
    );
    expect(data).toEqual([{ id: "prod_1", brand: { id: "brand_1", name: "Acme" } }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(context);
    await expect(query.graph({ entity: "product", filters: { id: "prod_9" } }, { throwIfKeyNotFound: true })).rejects.toMatchObject({
      code: "RECORD_NOT_FOUND",
      ids: ["prod_9"],
    });
    await expect(query.graph({ entity: "product", fields: ["my_custom.name"] }, { throwIfRelationNotFound: true })).rejects.toMatchObject({
      code: "RECORD_NOT_FOUND",
      entity: "product",
      ids: ["prod_2"],
      relation: "my_custom",
    });
  });

  it("passes query.limits to the query; the other limits keep their defaults", async () => {
    const container = await setup({ query: { limits: { maxDepth: 1 } } });
    const query = container.resolve("query");
    expect(query.limits).toMatchObject({ maxDepth: 1, maxRecords: 10_000 });
    await expect(query.graph({ entity: "my_custom", fields: ["product.brand.name"] })).rejects.toMatchObject({ code: "QUERY_TOO_COSTLY", limit: "maxDepth" });
  });
});
