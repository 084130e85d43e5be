import type { RemoteLink } from "@modlink/core";
import type { GraphQuery } from "@modlink/query";
import { expect, it } from "vitest";
import { productBrand, productCustom, type queryLinks } from "./query-fixture";
import { type RecordedQuery, expectStatements } from "./recorded-query";

/** The same data read three ways: through modules only, joined, and joined except the brand module (another database). */
export interface JoinReadQueries {
  readonly modules: RecordedQuery;
  readonly joins: RecordedQuery;
  readonly mixed: RecordedQuery;
  /** Over the same store, to change links. */
  readonly remoteLink: RemoteLink<typeof queryLinks>;
}

/** Queries touching every operator, both relation kinds, linked sorts two hops deep, withDeleted and paging edges. */
const QUERIES: readonly GraphQuery[] = [
  { entity: "product", fields: ["*", "brand.*", "my_customs.*", "my_customs.link.*"], withDeleted: true },
  { entity: "product", fields: ["id", "brand.name"], order: [{ field: "brand.name", direction: "desc" }, "price"], withDeleted: true },
  { entity: "product", order: [{ field: "id", direction: "desc" }], pagination: { skip: 2, take: 3 } },
  { entity: "product", filters: { title: { $nin: ["Anvil"], $ilike: "%e%" }, brand: { deleted_at: { $null: true }, name: { $ne: "bolt" } } } },
  { entity: "product", filters: { my_customs: { brand: { name: "acme" } } }, withDeleted: true },
  { entity: "product", filters: { brand: { products: { title: "Drill" } } }, fields: ["id", "brand.products.title"] },
  { entity: "product", filters: { price: { $gt: 10, $lte: 40 } }, order: ["brand.name"], pagination: { skip: 100, take: 5 } },
  { entity: "product", order: ["brand.name"], pagination: { take: 0 } },
  { entity: "my_custom", fields: ["name", "product.brand.name", "brand.name"], order: ["product.brand.name", { field: "brand.name", direction: "desc" }] },
  { entity: "my_custom", fields: ["product.title"], order: [{ field: "product.title", direction: "desc" }], withDeleted: true },
  {
    entity: "brand",
    fields: ["*", "products.title", "my_customs.name"],
    pagination: { take: 2, relations: { products: { skip: 1, order: ["price"] } } },
    withDeleted: true,
  },
  { entity: "brand", filters: { my_customs: { name: { $like: "bl%" } } }, fields: ["products.my_customs.link.rank"] },
];

/** The joined path against the general one; run on a database holding the link and module tables. */
export function joinReadTests(envs: () => JoinReadQueries): void {
  it("every query gives the same records and count joined, partly joined, and through module fetches", async () => {
    // Some queries go back along a link (brand.products from a product) on purpose: both paths must agree there too.
    const options = { limits: { allowRevisits: true } };
    for (const query of QUERIES) {
      const expected = await envs().modules.query.graph(query, options);
      expect([query, await envs().joins.query.graph(query, options)]).toEqual([query, expected]);
      expect([query, await envs().mixed.query.graph(query, options)]).toEqual([query, expected]);
    }
  });

  it("an empty page past the end still counts every match, in a second statement", async () => {
    const { joins } = envs();
    joins.reset();
    const past = await joins.query.graph({ entity: "product", fields: ["id"], order: ["brand.name"], pagination: { skip: 50, take: 5 } });
    expect([past.data, past.metadata.count]).toEqual([[], 6]);
    expectStatements(joins, 2);
    joins.reset();
    const none = await joins.query.graph({ entity: "product", fields: ["id"], pagination: { take: 0 } });
    expect([none.data, none.metadata.count]).toEqual([[], 6]);
    expectStatements(joins, 1);
  });

  it("a module in another database keeps its hops and filters on the general path; the others are joined", async () => {
    const { mixed } = envs();
    mixed.reset();
    await mixed.query.graph({ entity: "product", fields: ["brand.name", "my_customs.name"] });
    expect(mixed.joinReads).toEqual(["page product", `hop ${productCustom.table}`]);
    expect([mixed.fetches.map((call) => call.module), mixed.linkReads]).toEqual([["brand"], [productBrand.table]]);
    mixed.reset();
    await mixed.query.graph({ entity: "product", fields: ["id"], filters: { brand: { name: "acme" } } });
    expect([mixed.joinReads, mixed.fetches.map((call) => call.module)]).toEqual([[], ["brand", "product"]]);
  });

  // Changes links, so it runs after every test that expects the fixture links.
  it("with withDeleted, a sort by a one relation uses the same partner as the results: a live link, else the latest", async () => {
    const { remoteLink } = envs();
    const prod5 = (brand: string) => ({ product: { product_id: "prod_5" }, brand: { brand_id: brand } });
    await remoteLink.create(prod5("brand_bolt"));
    await remoteLink.dismiss(prod5("brand_bolt"));
    await remoteLink.create(prod5("brand_zen"));
    const query: GraphQuery = { entity: "product", fields: ["brand.name"], order: ["brand.name", "title"], withDeleted: true };
    const live = await envs().joins.query.graph(query);
    expect(live).toEqual(await envs().modules.query.graph(query));
    expect(live.data.find((p) => p.id === "prod_5")?.brand).toEqual({ id: "brand_zen", name: "zenith" });
    await remoteLink.dismiss(prod5("brand_zen"));
    const latest = await envs().joins.query.graph(query);
    expect(latest).toEqual(await envs().modules.query.graph(query));
    expect(latest.data.find((p) => p.id === "prod_5")?.brand).toEqual({ id: "brand_zen", name: "zenith" });
  });
}
