import { type LinkStore, RemoteLink, defineLink, defineModule } from "@modlink/core";
import { type QueryableModuleService, defineReadOnlyLink } from "@modlink/query";

/*
 * The data every query suite reads: three modules, two links with a link
 * table (one with extra columns), a read-only link followed both ways, and
 * rows with soft-deleted records and links, so that every relation kind
 * meets a deleted partner somewhere.
 */

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
const Hello = defineModule("helloModuleService", { models: ["my_custom"] });

/**
 * The modules of the query fixture: `product` (model `product`), `brand`
 * (model `brand`) and `helloModuleService` (model `my_custom`).
 *
 * @example
 * const names = queryModules.map((module) => module.name) // ["product", "brand", "helloModuleService"]
 */
export const queryModules = [Product, Brand, Hello] as const;

/** The name of a module of the query fixture. */
export type QueryModuleName = (typeof queryModules)[number]["name"];

/** A query service for each fixture module, by module name: `LinkQuery`'s `modules`. */
export type QueryModuleServices = Readonly<Record<QueryModuleName, QueryableModuleService>>;

/** A brand has many products; a product has one brand. */
export const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);

/** A product has many customs, each with link metadata and a rank. */
export const productCustom = defineLink(
  Product.linkable.product,
  { linkable: Hello.linkable.myCustom, isList: true },
  { database: { extraColumns: { metadata: { type: "json", nullable: true }, rank: { type: "integer", default: 0 } } } },
);

/**
 * The links of the query fixture, stored by the link store: a harness's
 * `makeStore(links)` receives them and syncs their tables.
 *
 * @example
 * await store.sync([...queryLinks])
 */
export const queryLinks = [productBrand, productCustom] as const;

/**
 * The fixture's read-only links: `my_custom` stores its brand itself
 * (`brand_id`), followed both ways without a link table.
 *
 * @example
 * new LinkQuery({ graph: remoteLink.graph, store, modules, readOnlyLinks: queryReadOnlyLinks })
 */
export const queryReadOnlyLinks = [
  defineReadOnlyLink({ linkable: Hello.linkable.myCustom, field: "brand_id" }, Brand.linkable.brand),
  defineReadOnlyLink({ linkable: Brand.linkable.brand, field: "id" }, { linkable: Hello.linkable.myCustom, field: "brand_id", isList: true }),
];

/**
 * The fields of each model of the fixture: the columns of its table.
 *
 * @example
 * const service = { models: { brand: { fields: queryFields.brand } }, listRecords }
 */
export const queryFields = {
  product: ["id", "title", "price", "deleted_at"],
  brand: ["id", "name", "deleted_at"],
  my_custom: ["id", "name", "brand_id", "deleted_at"],
} as const;

/** A model of the query fixture. */
export type QueryModel = keyof typeof queryFields;

/**
 * The models each fixture module serves.
 *
 * @example
 * for (const model of queryModelsByModule.helloModuleService) console.log(model) // "my_custom"
 */
export const queryModelsByModule: Readonly<Record<QueryModuleName, readonly QueryModel[]>> = {
  product: ["product"],
  brand: ["brand"],
  helloModuleService: ["my_custom"],
};

const gone = new Date("2024-01-01T00:00:00Z");

/**
 * The records of each model, to put in the module tables a harness creates
 * (`deleted_at` is a Date or null: a `timestamptz` column in SQL).
 *
 * @example
 * for (const model of ["brand", "product", "my_custom"] as const) await knex(model).insert(queryRows[model])
 */
export const queryRows: Readonly<Record<QueryModel, readonly Readonly<Record<string, unknown>>[]>> = {
  brand: [
    { id: "brand_acme", name: "acme", deleted_at: null },
    { id: "brand_bolt", name: "bolt", deleted_at: null },
    { id: "brand_zen", name: "zenith", deleted_at: null },
    { id: "brand_gone", name: "gone", deleted_at: gone },
  ],
  product: [
    { id: "prod_1", title: "Anvil", price: 30, deleted_at: null },
    { id: "prod_2", title: "Bucket", price: 10, deleted_at: null },
    { id: "prod_3", title: "Chisel", price: 20, deleted_at: null },
    { id: "prod_4", title: "Drill", price: 50, deleted_at: null },
    { id: "prod_5", title: "Easel", price: 40, deleted_at: null },
    { id: "prod_6", title: "File", price: 5, deleted_at: gone },
    { id: "prod_7", title: "Gauge", price: 15, deleted_at: null },
  ],
  my_custom: [
    { id: "mc_1", name: "red", brand_id: "brand_acme", deleted_at: null },
    { id: "mc_2", name: "green", brand_id: "brand_zen", deleted_at: null },
    { id: "mc_3", name: "blue", brand_id: null, deleted_at: null },
    { id: "mc_4", name: "black", brand_id: "brand_acme", deleted_at: null },
  ],
};

/** product -> brand links (prod_5 has none; prod_7's brand is soft-deleted). */
const brandLinks = [
  ["prod_1", "brand_acme"],
  ["prod_2", "brand_acme"],
  ["prod_3", "brand_zen"],
  ["prod_4", "brand_bolt"],
  ["prod_6", "brand_acme"],
  ["prod_7", "brand_gone"],
] as const;

/** product -> my_custom links with data; prod_3 -> mc_4 is dismissed after creation. */
const customLinks = [
  { product: "prod_1", custom: "mc_1", data: { metadata: { color: "red" }, rank: 2 } },
  { product: "prod_1", custom: "mc_2", data: { metadata: null, rank: 1 } },
  { product: "prod_1", custom: "mc_3", data: { rank: 3 } },
  { product: "prod_3", custom: "mc_4", data: { rank: 0 } },
] as const;

/** Creates the fixture's links through RemoteLink, dismissing prod_3 -> mc_4. Once per store. */
export async function seedQueryLinks(store: LinkStore): Promise<void> {
  const remoteLink = new RemoteLink({ links: queryLinks, store });
  await remoteLink.create(brandLinks.map(([product, brand]) => ({ product: { product_id: product }, brand: { brand_id: brand } })));
  await remoteLink.create(
    customLinks.map(({ product, custom, data }) => ({ product: { product_id: product }, helloModuleService: { my_custom_id: custom }, data })),
  );
  await remoteLink.dismiss({ product: { product_id: "prod_3" }, helloModuleService: { my_custom_id: "mc_4" } });
}
