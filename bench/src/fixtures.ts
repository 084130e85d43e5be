import { type AnyLinkDefinition, defineLink, defineModule } from "@modlink/core";
import type { KnexLinkStore } from "@modlink/knex";
import type { SqlClient } from "./sql-client";

export const Catalog = defineModule("catalog", { models: ["product"] });
export const Brand = defineModule("brand", { models: ["brand"] });
export const Shop = defineModule("shop", { models: ["product"] });
export const Inventory = defineModule("inventory", { models: ["inventory_item"] });
export const Stock = defineModule("stock", { models: ["stock_level"] });

/** Brands the seeded products are spread over. */
export const BRAND_COUNT = 500;

/**
 * A brand has many products, a product one live brand: the pair index, a
 * live-unique index on `product_id`, a lookup index on `brand_id` and the
 * partial `deletion_id` index.
 */
export function productBrandLink(table: string) {
  return defineLink({ linkable: Catalog.linkable.product, isList: true }, Brand.linkable.brand, { database: { table } });
}

/**
 * Many to many, named (it joins the same models as `productBrandLink`): the
 * pair index, lookup indexes on both keys, no live-unique index.
 */
export function productBrandFeaturedLink(table: string) {
  return defineLink(
    { linkable: Catalog.linkable.product, isList: true },
    { linkable: Brand.linkable.brand, isList: true },
    { name: "featured", database: { table } },
  );
}

/** Deleting a shop product deletes its inventory items. */
export function productInventoryLink(table: string) {
  return defineLink(Shop.linkable.product, { linkable: Inventory.linkable.inventoryItem, isList: true, deleteCascade: true }, { database: { table } });
}

/** Deleting an inventory item deletes its stock levels. */
export function inventoryStockLink(table: string) {
  return defineLink(Inventory.linkable.inventoryItem, { linkable: Stock.linkable.stockLevel, isList: true, deleteCascade: true }, { database: { table } });
}

/** The same link twice: modlink's table and the hand-written baseline's, made by the same sync so DDL and indexes are identical. */
export interface TablePair<D extends AnyLinkDefinition> {
  readonly modlink: D;
  readonly baseline: D;
}

export function tablePair<D extends AnyLinkDefinition>(make: (table: string) => D, name: string): TablePair<D> {
  return Object.freeze({ modlink: make(`bench_ml_${name}`), baseline: make(`bench_hw_${name}`) });
}

/**
 * Every link table of the bench, both sides. Sync plans drop tables of links
 * it is not given, so every sync is given all of them.
 */
export const BENCH_TABLES = Object.freeze({
  links: tablePair(productBrandLink, "links"),
  list: tablePair(productBrandLink, "list"),
  large: tablePair(productBrandLink, "large"),
  million: tablePair(productBrandLink, "million"),
  productItems: tablePair(productInventoryLink, "cascade_l1"),
  itemLevels: tablePair(inventoryStockLink, "cascade_l2"),
  contendedOne: tablePair(productBrandLink, "contended_one"),
  contendedMany: tablePair(productBrandFeaturedLink, "contended_many"),
});

/** Creates (or keeps) every bench link table through modlink's own sync: both tables of a pair get identical DDL and indexes. */
export async function syncBenchTables(store: KnexLinkStore): Promise<void> {
  const links = Object.values(BENCH_TABLES).flatMap((pair: TablePair<AnyLinkDefinition>) => [pair.modlink, pair.baseline]);
  await store.sync(links, { onRefused: "throw" });
}

/** `"name"`; every name here is a fixed lower-case identifier. */
export function q(name: string): string {
  return `"${name}"`;
}

/** A record id as JavaScript writes it: `prod_00000042`. */
export function recordId(prefix: string, index: number): string {
  return `${prefix}_${String(index).padStart(8, "0")}`;
}

/** The same id as SQL writes it, from an integer expression. */
function recordIdSql(prefix: string, index: string): string {
  return `'${prefix}_' || lpad((${index})::text, 8, '0')`;
}

/** Record ids `0..count-1` of a prefix, or every `step`-th one. */
export function recordIds(prefix: string, count: number, step = 1): string[] {
  return Array.from({ length: count }, (_, i) => recordId(prefix, i * step));
}

/** How one side of seeded links numbers its ids: row `i` gets `prefix_(i % modulo)`. */
export interface SeedSide {
  readonly prefix: string;
  readonly modulo?: number;
}

/**
 * Empties a link table and fills it with `count` live rows in one statement,
 * row `i` linking `left.prefix_i` to `right.prefix_i` (modulo), then analyzes
 * it. The same SQL seeds both tables of a pair, so their rows are identical.
 */
export async function reseedLinks(sql: SqlClient, link: AnyLinkDefinition, count: number, left: SeedSide, right: SeedSide): Promise<void> {
  await sql.query(`truncate table ${q(link.table)}`);
  if (count > 0) {
    const index = (side: SeedSide) => (side.modulo === undefined ? "i" : `i % ${side.modulo}`);
    await sql.query(
      `insert into ${q(link.table)} ("id", ${q(link.left.column)}, ${q(link.right.column)}) ` +
        `select 'link_' || lpad(i::text, 26, '0'), ${recordIdSql(left.prefix, index(left))}, ${recordIdSql(right.prefix, index(right))} ` +
        `from generate_series(0, $1::int - 1) as i`,
      [count],
    );
  }
  await sql.query(`analyze ${q(link.table)}`);
}

/** A module's own table of soft-deletable records, as a module service keeps them. */
export async function createRecordTable(sql: SqlClient, table: string): Promise<void> {
  await sql.query(`create table if not exists ${q(table)} ("id" text primary key, "deleted_at" timestamptz, "deletion_id" text)`);
}

/** Empties a record table and fills it with `count` live records `prefix_0..`. */
export async function reseedRecords(sql: SqlClient, table: string, prefix: string, count: number): Promise<void> {
  await sql.query(`truncate table ${q(table)}`);
  await sql.query(`insert into ${q(table)} ("id") select ${recordIdSql(prefix, "i")} from generate_series(0, $1::int - 1) as i`, [count]);
  await sql.query(`analyze ${q(table)}`);
}

/** Live rows of a link table. */
export async function liveRows(sql: SqlClient, link: AnyLinkDefinition): Promise<number> {
  const result = await sql.query(`select count(*)::int as n from ${q(link.table)} where "deleted_at" is null`);
  return Number(result.rows[0]?.n);
}

/** Throws when a run did not do the work it was timed for. */
export function expectCount(what: string, got: number, expected: number): void {
  if (got !== expected) throw new Error(`${what}: expected ${expected}, got ${got}`);
}
