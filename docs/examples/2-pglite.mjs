// Getting started, step 2: the same on embedded PostgreSQL (PGlite), with real tables. Run: node docs/examples/2-pglite.mjs
// Step 3 is the same program with a postgres:// URL: DATABASE_URL=postgres://user@host:5432/db node docs/examples/2-pglite.mjs
import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { KnexLinkStore, createKnex, knexTableModule } from "@modlink/knex";
import { LinkQuery } from "@modlink/query";

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
const productBrand = defineLink({ linkable: Product.linkable.product, isList: true, deleteCascade: true }, Brand.linkable.brand);

const knex = await createKnex(process.env.DATABASE_URL ?? "pglite://memory");
try {
  // Each module owns its tables; here they are made by hand.
  const schema = `getting_started_${Date.now()}`;
  await knex.raw(`create schema "${schema}"`);
  await knex.raw(`create table "${schema}"."products" (id text primary key, title text not null, deleted_at timestamptz)`);
  await knex.raw(`create table "${schema}"."brands" (id text primary key, name text not null, deleted_at timestamptz)`);
  await knex.withSchema(schema).table("products").insert({ id: "prod_1", title: "Shirt" });
  await knex.withSchema(schema).table("brands").insert({ id: "brand_acme", name: "Acme" });

  // A module service over each table: cascades and queries, in ten lines.
  const product = knexTableModule({ knex, schema, database: "main", models: [{ linkable: Product.linkable.product, table: "products", fields: ["title"] }] });
  const brand = knexTableModule({ knex, schema, database: "main", models: [{ linkable: Brand.linkable.brand, table: "brands", fields: ["name"] }] });

  // Link tables are synced before the store is used: sync creates them (and later, safely, changes them).
  const store = new KnexLinkStore({ knex, schema, database: "main" });
  await store.sync([productBrand]);
  const remoteLink = new RemoteLink({ links: [productBrand], store, services: { product, brand } });
  await remoteLink.create({ product: { product_id: "prod_1" }, brand: { brand_id: "brand_acme" } });

  // Records together with their linked records, joined in SQL because the modules share the store's database.
  const query = new LinkQuery({ graph: remoteLink.graph, store, modules: { product, brand } });
  const { data } = await query.graph({ entity: "brand", fields: ["name", "products.title"] });
  console.log("query:", JSON.stringify(data));

  await remoteLink.delete({ brand: { brand_id: "brand_acme" } });
  const [row] = await knex.withSchema(schema).table("products").where({ id: "prod_1" }).select("deleted_at");
  console.log("cascade deleted the product:", row.deleted_at !== null);
  await knex.raw(`drop schema "${schema}" cascade`);
} finally {
  await knex.destroy();
}
