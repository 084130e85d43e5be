import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { freshPostgres } from "@modlink/test-support";
import { LINK_ENTITY_MODULE, LinkQuery, type QueryableModuleService } from "@modlink/query";
import type { Knex } from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { KnexLinkStore, linkTableRecords, listTableRecords } from "../src";
import { freshSchema } from "./helpers/fixtures";
import { openTestPglite } from "./helpers/pglite-database";

/*
 * A link as a query entity, as Medusa users query one:
 * graph({ entity: link.entryPoint, fields: ["metadata", "product.*", "brand.*"] }).
 * Module records and link rows live in real tables; the expected results
 * are written out from the rows the test created.
 */

const pglite = await openTestPglite("memory");
const database = await freshPostgres("link_entity");
const postgres: Knex | undefined = database?.connect();
afterAll(async () => {
  await pglite.close();
  await postgres?.destroy();
  await database?.drop();
});
const backends = [{ name: "PGlite", knex: () => pglite.knex }, ...(postgres ? [{ name: "PostgreSQL", knex: () => postgres }] : [])];

const Shop = defineModule("shop", { models: ["product"] });
const Catalog = defineModule("catalog", { models: ["brand"] });
const productBrand = defineLink({ linkable: Shop.linkable.product, isList: true }, Catalog.linkable.brand, {
  database: { extraColumns: { metadata: { type: "json", nullable: true }, rank: { type: "integer", default: 0 } } },
});

/** A module over one table of `{ id, <fields>, deleted_at }` records. */
function tableModule(knex: Knex, schema: string, model: string, fields: string[]): QueryableModuleService {
  return {
    models: { [model]: { fields: ["id", ...fields, "deleted_at"] } },
    listRecords: (_model, query) => listTableRecords(knex, { schema, table: model }, query),
  };
}

describe.each(backends)("links as query entities on $name", ({ knex: getKnex }) => {
  async function setUp() {
    const knex = getKnex();
    const schema = freshSchema("entity");
    await knex.raw(`create schema "${schema}"`);
    await knex.raw(`create table "${schema}"."product" (id text primary key, title text not null, deleted_at timestamptz)`);
    await knex.raw(`create table "${schema}"."brand" (id text primary key, name text not null, deleted_at timestamptz)`);
    await knex
      .withSchema(schema)
      .table("product")
      .insert([
        { id: "p1", title: "Shirt" },
        { id: "p2", title: "Lamp" },
        { id: "p3", title: "Desk" },
      ]);
    await knex
      .withSchema(schema)
      .table("brand")
      .insert([
        { id: "b1", name: "Acme" },
        { id: "b2", name: "Zen" },
      ]);
    const store = new KnexLinkStore({ knex, schema });
    await store.sync([productBrand]);
    const remoteLink = new RemoteLink({ links: [productBrand], store });
    await remoteLink.create([
      { shop: { product_id: "p1" }, catalog: { brand_id: "b1" }, data: { metadata: { note: "launch" }, rank: 2 } },
      { shop: { product_id: "p2" }, catalog: { brand_id: "b1" }, data: { rank: 1 } },
      { shop: { product_id: "p3" }, catalog: { brand_id: "b2" } },
    ]);
    await remoteLink.dismiss({ shop: { product_id: "p3" }, catalog: { brand_id: "b2" } });
    const query = new LinkQuery({
      graph: remoteLink.graph,
      store,
      modules: { shop: tableModule(knex, schema, "product", ["title"]), catalog: tableModule(knex, schema, "brand", ["name"]) },
      linkRecords: linkTableRecords(knex, { schema }),
    });
    return { query, remoteLink };
  }

  it("reads the link's rows with its extra columns and both sides' records, live rows only", async () => {
    const { query } = await setUp();
    expect(productBrand.entryPoint).toBe("product_brand");
    expect(query.entities).toContain("product_brand");
    expect(query.relationsOf("product_brand")).toEqual(["brand", "product"]);
    const { data, metadata } = await query.graph({
      entity: productBrand.entryPoint,
      fields: ["product_id", "metadata", "rank", "product.title", "brand.*"],
      order: [{ field: "rank", direction: "desc" }],
    });
    expect(data).toEqual([
      expect.objectContaining({
        product_id: "p1",
        metadata: { note: "launch" },
        rank: 2,
        product: { id: "p1", title: "Shirt" },
        brand: expect.objectContaining({ id: "b1", name: "Acme" }),
      }),
      expect.objectContaining({
        product_id: "p2",
        metadata: null,
        rank: 1,
        product: { id: "p2", title: "Lamp" },
        brand: expect.objectContaining({ id: "b1", name: "Acme" }),
      }),
    ]);
    expect(metadata.count).toBe(2);
  });

  it("filters on the link's columns and on a side's fields, pages and counts, and includes dismissed rows withDeleted", async () => {
    const { query } = await setUp();
    const byBrand = await query.graph({ entity: "product_brand", fields: ["product_id"], filters: { brand: { name: "Acme" } }, order: ["product_id"] });
    expect(byBrand.data).toEqual([expect.objectContaining({ product_id: "p1" }), expect.objectContaining({ product_id: "p2" })]);
    const ranked = await query.graph({ entity: "product_brand", fields: ["product_id"], filters: { rank: { $gte: 2 } } });
    expect(ranked.data).toEqual([expect.objectContaining({ product_id: "p1" })]);
    const page = await query.graph({ entity: "product_brand", fields: ["product_id"], order: ["product_id"], pagination: { skip: 1, take: 1 } });
    expect([page.data, page.metadata.count]).toEqual([[expect.objectContaining({ product_id: "p2" })], 2]);
    const all = await query.graph({ entity: "product_brand", fields: ["product_id", "deleted_at"], order: ["product_id"], withDeleted: true });
    expect(all.data.map((row) => [row.product_id, row.deleted_at === null])).toEqual([
      ["p1", true],
      ["p2", true],
      ["p3", false],
    ]);
  });

  it("refuses a module named like the link entities' module, and linkRecords without a graph, before any read", async () => {
    const { remoteLink } = await setUp();
    const knex = getKnex();
    const modules = { [LINK_ENTITY_MODULE]: tableModule(knex, "public", "thing", []) };
    expect(() => new LinkQuery({ graph: remoteLink.graph, store: new KnexLinkStore({ knex }), modules, linkRecords: linkTableRecords(knex) })).toThrow(
      expect.objectContaining({ code: "INVALID_DEFINITION", message: expect.stringContaining(`"${LINK_ENTITY_MODULE}"`) }),
    );
    expect(() => new LinkQuery({ modules: {}, linkRecords: linkTableRecords(knex) })).toThrow(expect.objectContaining({ code: "INVALID_DEFINITION" }));
  });
});
