import { RemoteLink, type AnyLinkDefinition } from "@modlink/core";
import { newLinkId } from "@modlink/core/store";
import type { KnexLinkStore } from "@modlink/knex";
import { BRAND_COUNT, type SeedSide, productBrandLink, q, recordId } from "./fixtures";
import type { SqlClient } from "./sql-client";

/**
 * The link most workloads use, and the calls both sides make on it. Row `i`
 * links product `prod_i` to brand `brand_(i % 500)`, in seeds and inputs alike.
 */
export type ProductBrandLink = ReturnType<typeof productBrandLink>;

export const PRODUCTS: SeedSide = { prefix: "prod" };
export const BRANDS: SeedSide = { prefix: "brand", modulo: BRAND_COUNT };

export function productBrandRemoteLink(link: ProductBrandLink, store: KnexLinkStore) {
  return new RemoteLink({ links: [link], store });
}

export type ProductBrandRemoteLink = ReturnType<typeof productBrandRemoteLink>;

/** Pairs `0..n-1` as the two id arrays a hand-written statement binds. */
export function pairArrays(n: number): { products: string[]; brands: string[] } {
  const products = Array.from({ length: n }, (_, i) => recordId(PRODUCTS.prefix, i));
  const brands = Array.from({ length: n }, (_, i) => recordId(BRANDS.prefix, i % BRAND_COUNT));
  return { products, brands };
}

/** Pairs `0..n-1` as modlink pair inputs. */
export function pairInputs(n: number) {
  const { products, brands } = pairArrays(n);
  return products.map((product_id, i) => ({ catalog: { product_id }, brand: { brand_id: brands[i] as string } }));
}

/**
 * The hand-written create: new ids made the way modlink makes them, and one
 * `insert ... select from unnest` of the three arrays. Like modlink's create
 * it must not fail on a pair that exists, so it upserts: an existing pair is
 * revived (on an empty table no row conflicts, but the statement pays for
 * checking; a plain insert is 10-35% cheaper, see BENCHMARKS.md).
 */
export async function createBySql(sql: SqlClient, link: AnyLinkDefinition, products: readonly string[], brands: readonly string[]): Promise<number> {
  const ids = products.map(() => newLinkId(link.idPrefix));
  const pair = `${q(link.left.column)}, ${q(link.right.column)}`;
  const result = await sql.query(
    `insert into ${q(link.table)} ("id", ${pair}) select * from unnest($1::text[], $2::text[], $3::text[]) ` +
      `on conflict (${pair}) do update set "deleted_at" = null, "deletion_id" = null, "deleted_from" = null, "cascaded" = false, "updated_at" = now()`,
    [ids, products, brands],
  );
  return result.rowCount;
}

/** The hand-written cascade delete of products' links: the same columns modlink's delete sets. */
export async function deleteBySql(sql: SqlClient, link: ProductBrandLink, products: readonly string[]): Promise<number> {
  const result = await sql.query(
    `update ${q(link.table)} set "deleted_at" = $1, "updated_at" = now(), "deletion_id" = $2, "deleted_from" = 'left', "cascaded" = false ` +
      `where ${q(link.left.column)} = any($3::text[]) and "deleted_at" is null`,
    [new Date().toISOString(), newLinkId("del"), products],
  );
  return result.rowCount;
}
