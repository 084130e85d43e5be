import { RemoteLink, defineLink, defineModule, linkTableOf } from "@modlink/core";
import { LinkQuery, defineReadOnlyLink } from "@modlink/query";
import { KnexLinkStore } from "@modlink/knex";
import type { Knex } from "knex";
import { type QueryModel, createTableSql, tableQueryService } from "./query-modules";
import { type QuerySeed, makeQuerySeed } from "./query-seed";
import { untyped } from "./untyped-remote-link";

export const Catalog = defineModule("catalog", { models: ["product"] });
export const Maker = defineModule("maker", { models: ["brand"] });
export const Labels = defineModule("labels", { models: ["tag"] });

/** A product has one brand (`product.brand`); a brand many products (`brand.products`). */
export const productBrand = defineLink({ linkable: Catalog.linkable.product, isList: true }, Maker.linkable.brand);
/** Products and tags, many to many, with a rank and a note on each link. */
export const productTags = defineLink(
  { linkable: Catalog.linkable.product, isList: true },
  { linkable: Labels.linkable.tag, isList: true },
  { database: { extraColumns: { rank: { type: "integer", default: 0 }, note: { type: "text", nullable: true } } } },
);
/** A tag stores its brand's id itself (`tag.brand`), followed without a link table. */
export const tagBrand = defineReadOnlyLink({ linkable: Labels.linkable.tag, field: "brand_id" }, Maker.linkable.brand);
export const queryLinks = [productBrand, productTags] as const;

export const QueryModels = {
  product: {
    module: "catalog",
    model: "product",
    table: "q_product",
    columns: { id: "text", title: "text", price: "integer", stock: "bigint", released_at: "timestamptz", active: "boolean", deleted_at: "timestamptz" },
  },
  brand: { module: "maker", model: "brand", table: "q_brand", columns: { id: "text", name: "text", deleted_at: "timestamptz" } },
  tag: { module: "labels", model: "tag", table: "q_tag", columns: { id: "text", label: "text", brand_id: "text", deleted_at: "timestamptz" } },
} as const satisfies Record<string, QueryModel>;
export type QueryEntityName = keyof typeof QueryModels;

/** How `LinkQuery.graph` reads: one joined statement per read, or module fetches plus link-table reads. */
export const QueryPaths = ["joined", "general"] as const;
export type QueryPath = (typeof QueryPaths)[number];

/** Seeded records and links in real tables, and a `LinkQuery` for each path over them. */
export interface QueryWorld {
  readonly knex: Knex;
  readonly schema: string;
  readonly seed: QuerySeed;
  readonly queries: Readonly<Record<QueryPath, LinkQuery>>;
  /** Every name a statement of these queries may quote: schema, tables, columns, output aliases. */
  readonly identifiers: ReadonlySet<string>;
}

/** Output names of the knex join reader and of knex's `count`, which are not columns. */
const OUTPUT_NAMES = ["parent.key", "page.count", "count", ...Array.from({ length: 32 }, (_, i) => `r.${i}`)];
const LINK_COLUMNS = ["id", "created_at", "updated_at", "deleted_at", "deletion_id", "deleted_from", "cascaded"];

/**
 * Creates the record tables and link tables in `schema` (which must exist),
 * fills them from `makeQuerySeed(seed)` and opens both paths. The joined
 * path's store names its database "main", as the modules' `sqlSource` does.
 *
 * @example
 * const world = await openQueryWorld(knex, "hostile_query", 7)
 * await world.queries.joined.graph({ entity: "product", filters: { title: { $like: "%'%" } } })
 */
export async function openQueryWorld(knex: Knex, schema: string, seed: number): Promise<QueryWorld> {
  const data = makeQuerySeed(seed);
  const models = Object.values(QueryModels);
  for (const model of models) await knex.raw(createTableSql(schema, model));
  const rows = (list: readonly object[]) =>
    list.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? String(v) : v])));
  for (const model of models) await knex.withSchema(schema).table(model.table).insert(rows(data[model.model]));

  const store = new KnexLinkStore({ knex, schema });
  await store.sync(queryLinks, { onRefused: "throw" });
  const remoteLink = new RemoteLink({ links: queryLinks, store });
  await seedLinks(untyped(remoteLink), data);

  const services = (database?: string) => ({
    catalog: tableQueryService(knex, schema, [QueryModels.product], database),
    maker: tableQueryService(knex, schema, [QueryModels.brand], database),
    labels: tableQueryService(knex, schema, [QueryModels.tag], database),
  });
  const joinedStore = new KnexLinkStore({ knex, schema, database: "main" });
  const queries = {
    joined: new LinkQuery({ graph: remoteLink.graph, store: joinedStore, modules: services("main"), readOnlyLinks: [tagBrand] }),
    general: new LinkQuery({ graph: remoteLink.graph, store, modules: services(), readOnlyLinks: [tagBrand] }),
  };
  const tables = queryLinks.map(linkTableOf);
  const identifiers = new Set([
    schema,
    ...models.flatMap((model) => [model.table, ...Object.keys(model.columns)]),
    ...tables.flatMap((table) => [table.name, table.left.column, table.right.column, ...Object.keys(table.extraColumns)]),
    ...LINK_COLUMNS,
    ...OUTPUT_NAMES,
  ]);
  return { knex, schema, seed: data, queries, identifiers };
}

async function seedLinks(remoteLink: ReturnType<typeof untyped>, data: QuerySeed): Promise<void> {
  const brandPair = (link: { product: string; brand: string }) => ({ catalog: { product_id: link.product }, maker: { brand_id: link.brand } });
  const tagPair = (link: { product: string; tag: string }) => ({ catalog: { product_id: link.product }, labels: { tag_id: link.tag } });
  await remoteLink.create(data.brandLinks.map(brandPair));
  await remoteLink.create(data.tagLinks.map((link) => ({ ...tagPair(link), data: { rank: link.rank, note: link.note } })));
  const dismissedBrands = data.brandLinks.filter((link) => !link.live);
  const dismissedTags = data.tagLinks.filter((link) => !link.live);
  if (dismissedBrands.length > 0) await remoteLink.dismiss(dismissedBrands.map(brandPair));
  if (dismissedTags.length > 0) await remoteLink.dismiss(dismissedTags.map(tagPair));
}
