import { ContainerRegistrationKeys } from "@modlink/core";
import type { FastifyInstance } from "fastify";
import { type ListingQuerystring, type ListingSpec, containing, listingQuerystringSchema, toGraphQuery } from "./listing-query.js";

/** A listing route: where it is, the JSON property of its records, and what it reads. */
interface Listing extends ListingSpec {
  readonly path: string;
  readonly many: string;
}

/**
 * Products with their brand and custom records; `brand` keeps the products of
 * the brand of that exact name, `q` those whose title contains the text.
 */
const productListing: Listing = {
  path: "/catalog/products",
  many: "products",
  entity: "product",
  defaultFields: ["id", "title", "brand.name", "my_custom.name"],
  filters: {
    brand: (name) => ({ brand: { name } }),
    q: (text) => ({ title: { $ilike: containing(text) } }),
  },
};

/** Brands with their products; `q` keeps those whose name contains the text. */
const brandListing: Listing = {
  path: "/catalog/brands",
  many: "brands",
  entity: "brand",
  defaultFields: ["id", "name", "products.title"],
  filters: { q: (text) => ({ name: { $ilike: containing(text) } }) },
};

/**
 * GET /catalog/products and GET /catalog/brands: records with their linked
 * records, read by the `query` of the request scope (`LinkQuery`). With
 * every module in the link store's database, each is a few SQL statements
 * (one per hop), whatever the page size.
 */
export function listingRoutes(app: FastifyInstance): void {
  for (const listing of [productListing, brandListing]) {
    app.get<{ Querystring: ListingQuerystring }>(listing.path, { schema: { querystring: listingQuerystringSchema(listing) } }, async (request) => {
      const query = request.scope.resolve(ContainerRegistrationKeys.QUERY);
      const { data, metadata } = await query.graph(toGraphQuery(listing, request.query));
      return { [listing.many]: data, metadata };
    });
  }
}
