import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { freshPostgres } from "@modlink/test-support";
import { LinkQuery } from "@modlink/query";
import type { Knex } from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { KnexLinkStore, knexTableModule } from "../src";
import { freshSchema } from "./helpers/fixtures";
import { openTestPglite } from "./helpers/pglite-database";

/*
 * knexTableModule over real tables: cascades soft-delete and restore its
 * records in the link store's transaction, and LinkQuery reads them, with
 * the tables in the store's database (SQL steps and joins) and without.
 * Judged by reading the tables directly.
 */

const pglite = await openTestPglite("memory");
const database = await freshPostgres("table_module");
const postgres: Knex | undefined = database?.connect();
afterAll(async () => {
  await pglite.close();
  await postgres?.destroy();
  await database?.drop();
});
const backends = [{ name: "PGlite", knex: () => pglite.knex }, ...(postgres ? [{ name: "PostgreSQL", knex: () => postgres }] : [])];

const Shop = defineModule("shop", { models: ["product"] });
const Catalog = defineModule("catalog", { models: ["brand"] });
/** Deleting a brand deletes its products. */
const productBrand = defineLink({ linkable: Shop.linkable.product, isList: true, deleteCascade: true }, Catalog.linkable.brand);
const Tags = defineModule("tags", { models: ["tag"] });
/** Deleting a brand deletes its tags too, through a module that fails: the whole cascade must roll back. */
const brandTag = defineLink(Catalog.linkable.brand, { linkable: Tags.linkable.tag, isList: true, deleteCascade: true });
const failingTags = {
  writeMode: "joins-transaction" as const,
  softDeleteRecords: () => Promise.reject(new Error("the tags module is down")),
  restoreRecords: () => Promise.reject(new Error("the tags module is down")),
};

describe.each(backends)("knexTableModule on $name", ({ knex: getKnex }) => {
  async function setUp(sameDatabase: boolean) {
    const knex = getKnex();
    const schema = freshSchema("tables");
    await knex.raw(`create schema "${schema}"`);
    await knex.raw(`create table "${schema}"."products" (id text primary key, title text not null, deleted_at timestamptz, deletion_id text)`);
    await knex.raw(`create table "${schema}"."brands" (id text primary key, name text not null, deleted_at timestamptz)`);
    await knex
      .withSchema(schema)
      .table("products")
      .insert([
        { id: "p1", title: "Shirt" },
        { id: "p2", title: "Lamp" },
        { id: "p3", title: "Desk" },
      ]);
    await knex
      .withSchema(schema)
      .table("brands")
      .insert([{ id: "b1", name: "Acme" }]);
    const shared = sameDatabase ? { database: "main" } : {};
    const shop = knexTableModule({
      knex,
      schema,
      ...shared,
      models: [{ linkable: Shop.linkable.product, table: "products", fields: ["title"], deletionId: "deletion_id" }],
    });
    const catalog = knexTableModule({ knex, schema, ...shared, models: [{ linkable: Catalog.linkable.brand, table: "brands", fields: ["name"] }] });
    const store = new KnexLinkStore({ knex, schema, ...shared });
    await store.sync([productBrand, brandTag]);
    const remoteLink = new RemoteLink({ links: [productBrand, brandTag], store, services: { shop, catalog, tags: failingTags } });
    const query = new LinkQuery({ graph: remoteLink.graph, store, modules: { shop, catalog } });
    const deleted = async () => knex.withSchema(schema).table("products").whereNotNull("deleted_at").orderBy("id").pluck<string[]>("id");
    return { knex, schema, remoteLink, query, deleted, catalog };
  }

  describe.each([
    { where: "in the link store's database (SQL cascade steps and joins)", sameDatabase: true },
    { where: "through its methods", sameDatabase: false },
  ])("$where", ({ sameDatabase }) => {
    it("a cascade soft-deletes the linked records and restore brings back exactly those", async () => {
      const { remoteLink, deleted, knex, schema } = await setUp(sameDatabase);
      await remoteLink.create([
        { shop: { product_id: "p1" }, catalog: { brand_id: "b1" } },
        { shop: { product_id: "p2" }, catalog: { brand_id: "b1" } },
      ]);
      // p2 was deleted before, by another deletion: the brand's restore must leave it deleted.
      await knex.withSchema(schema).table("products").where({ id: "p2" }).update({ deleted_at: knex.fn.now(), deletion_id: "earlier" });
      const result = await remoteLink.delete({ catalog: { brand_id: "b1" } });
      expect(result.records).toEqual({ shop: { product_id: ["p1"] } });
      expect(await deleted()).toEqual(["p1", "p2"]);
      await remoteLink.restore({ catalog: { brand_id: "b1" } });
      expect(await deleted()).toEqual(["p2"]);
    });

    it("its soft deletes join the cascade's transaction: a later step failing leaves every record and link as it was", async () => {
      const { remoteLink, deleted } = await setUp(sameDatabase);
      await remoteLink.create([
        { shop: { product_id: "p1" }, catalog: { brand_id: "b1" } },
        { catalog: { brand_id: "b1" }, tags: { tag_id: "t1" } },
      ]);
      await expect(remoteLink.delete({ catalog: { brand_id: "b1" } })).rejects.toMatchObject({ code: "CASCADE_FAILED" });
      expect(await deleted()).toEqual([]);
      expect(await remoteLink.list({ catalog: { brand_id: "b1" } })).toHaveLength(2);
    });

    it("LinkQuery reads the records with their linked records, live ones only", async () => {
      const { remoteLink, query } = await setUp(sameDatabase);
      await remoteLink.create([
        { shop: { product_id: "p1" }, catalog: { brand_id: "b1" } },
        { shop: { product_id: "p3" }, catalog: { brand_id: "b1" } },
      ]);
      const { data } = await query.graph({
        entity: "brand",
        fields: ["name", "products.title"],
        pagination: { relations: { products: { order: ["title"] } } },
      });
      expect(data).toEqual([
        {
          id: "b1",
          name: "Acme",
          products: [
            { id: "p3", title: "Desk" },
            { id: "p1", title: "Shirt" },
          ],
        },
      ]);
    });
  });

  it("refuses a config without models, with two modules or with a name that is not an identifier, and a model it does not have", async () => {
    const knex = getKnex();
    const bad = [
      { knex, models: [] },
      {
        knex,
        models: [
          { linkable: Shop.linkable.product, table: "products", fields: [] },
          { linkable: Catalog.linkable.brand, table: "brands", fields: [] },
        ],
      },
      { knex, models: [{ linkable: Shop.linkable.product, table: "products; drop", fields: [] }] },
    ];
    for (const config of bad) expect(() => knexTableModule(config)).toThrow(expect.objectContaining({ code: "INVALID_DEFINITION" }));
    const { catalog } = await setUp(false);
    await expect(catalog.listRecords("tag", { conditions: [], fields: ["id"], order: [], withDeleted: false, withCount: false })).rejects.toMatchObject({
      code: "INVALID_DEFINITION",
      message: expect.stringContaining('model "tag"'),
    });
  });
});
