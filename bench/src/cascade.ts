import { RemoteLink } from "@modlink/core";
import { newLinkId } from "@modlink/core/store";
import { BENCH_DATABASE, type BenchDb } from "./bench-db";
import { BENCH_TABLES, type SeedSide, createRecordTable, expectCount, q, recordIds, reseedLinks, reseedRecords } from "./fixtures";
import { SqlRecordService } from "./record-service";
import type { Side } from "./workload";

/**
 * The three-level cascade of W4b/W5b: shop products -> inventory items ->
 * stock levels, row `i` of each level linked to row `i` of the next. The
 * inventory and stock modules keep their records in real tables.
 */
const PRODUCTS: SeedSide = { prefix: "prod" };
const ITEMS: SeedSide = { prefix: "inv" };
const LEVELS: SeedSide = { prefix: "stk" };

export interface CascadeFixture {
  setup(): Promise<void>;
  /** Reseeds one side's links and records with `n` rows per level. */
  reseed(side: Side, n: number): Promise<void>;
  /** Refreshes one side's planner statistics (after a reset changed many rows). */
  analyze(side: Side): Promise<void>;
  /** Root ids `0..n-1`. */
  roots(n: number): string[];
  /** modlink: `delete` the roots; returns rows changed per level. */
  deleteWithModlink(roots: readonly string[]): Promise<CascadeCounts>;
  restoreWithModlink(roots: readonly string[]): Promise<CascadeCounts>;
  /**
   * Baseline: one statement of data-modifying CTEs doing the same four
   * updates; each hop joins the previous CTE (`update ... from`), which
   * plans as index probes (`= any(array(...))` of a CTE compares linearly).
   */
  deleteBySql(roots: readonly string[]): Promise<CascadeCounts>;
  restoreBySql(roots: readonly string[]): Promise<CascadeCounts>;
}

/** Rows changed at each level of the cascade. */
export interface CascadeCounts {
  readonly productLinks: number;
  readonly items: number;
  readonly itemLinks: number;
  readonly levels: number;
}

/** Throws unless every level changed `n` rows (or the call never returned). */
export function expectCascade(what: string, counts: CascadeCounts | undefined, n: number): void {
  if (!counts) throw new Error(`${what}: the call returned nothing`);
  for (const [level, count] of Object.entries(counts)) expectCount(`${what} ${level}`, count, n);
}

export function cascadeFixture(db: BenchDb): CascadeFixture {
  const { productItems, itemLevels } = BENCH_TABLES;
  const records = {
    modlink: { items: "bench_ml_inventory", levels: "bench_ml_stock" },
    baseline: { items: "bench_hw_inventory", levels: "bench_hw_stock" },
  } as const;
  const remoteLink = new RemoteLink({
    links: [productItems.modlink, itemLevels.modlink],
    store: db.store,
    services: {
      inventory: new SqlRecordService(db.knex, records.modlink.items, productItems.modlink.right.model, productItems.modlink.right.key, BENCH_DATABASE),
      stock: new SqlRecordService(db.knex, records.modlink.levels, itemLevels.modlink.right.model, itemLevels.modlink.right.key, BENCH_DATABASE),
    },
  });
  const l1 = productItems.baseline;
  const l2 = itemLevels.baseline;
  const items = q(records.baseline.items);
  const levels = q(records.baseline.levels);
  const counts = (row: Record<string, unknown> | undefined): CascadeCounts => ({
    productLinks: Number(row?.l1),
    items: Number(row?.items),
    itemLinks: Number(row?.l2),
    levels: Number(row?.levels),
  });
  const select =
    `select (select count(*) from l1)::int as l1, (select count(*) from items)::int as items, ` +
    `(select count(*) from l2)::int as l2, (select count(*) from levels)::int as levels`;
  const deleted = `"deleted_at" = $2, "updated_at" = now(), "deletion_id" = $3, "deleted_from" = 'left', "cascaded" = true`;
  const revived = `"deleted_at" = null, "updated_at" = now(), "deletion_id" = null, "deleted_from" = null, "cascaded" = false`;
  const deletedFromLeft = (alias: string) => `${alias}"deleted_from" = 'left' and ${alias}"deletion_id" is not null and ${alias}"deleted_at" is not null`;

  return {
    async setup() {
      for (const side of Object.values(records)) for (const table of Object.values(side)) await createRecordTable(db.sql, table);
    },
    async reseed(side, n) {
      await reseedLinks(db.sql, productItems[side], n, PRODUCTS, ITEMS);
      await reseedLinks(db.sql, itemLevels[side], n, ITEMS, LEVELS);
      await reseedRecords(db.sql, records[side].items, ITEMS.prefix, n);
      await reseedRecords(db.sql, records[side].levels, LEVELS.prefix, n);
    },
    async analyze(side) {
      for (const table of [productItems[side].table, itemLevels[side].table, records[side].items, records[side].levels])
        await db.sql.query(`analyze ${q(table)}`);
    },
    roots: (n) => recordIds(PRODUCTS.prefix, n),
    async deleteWithModlink(roots) {
      const result = await remoteLink.delete({ shop: { product_id: [...roots] } });
      return {
        productLinks: result.links[productItems.modlink.table] ?? 0,
        items: result.records.inventory?.inventory_item_id?.length ?? 0,
        itemLinks: result.links[itemLevels.modlink.table] ?? 0,
        levels: result.records.stock?.stock_level_id?.length ?? 0,
      };
    },
    async restoreWithModlink(roots) {
      const result = await remoteLink.restore({ shop: { product_id: [...roots] } });
      return {
        productLinks: result.links[productItems.modlink.table] ?? 0,
        items: result.records.inventory?.inventory_item_id?.length ?? 0,
        itemLinks: result.links[itemLevels.modlink.table] ?? 0,
        levels: result.records.stock?.stock_level_id?.length ?? 0,
      };
    },
    async deleteBySql(roots) {
      const text =
        `with l1 as (update ${q(l1.table)} set ${deleted} ` +
        `where ${q(l1.left.column)} = any($1::text[]) and "deleted_at" is null returning ${q(l1.right.column)} as "id"), ` +
        `items as (update ${items} as r set "deleted_at" = now(), "deletion_id" = $3 ` +
        `from l1 where r."id" = l1."id" and r."deleted_at" is null returning r."id"), ` +
        `l2 as (update ${q(l2.table)} as t set ${deleted} ` +
        `from items where t.${q(l2.left.column)} = items."id" and t."deleted_at" is null returning t.${q(l2.right.column)} as "id"), ` +
        `levels as (update ${levels} as r set "deleted_at" = now(), "deletion_id" = $3 ` +
        `from l2 where r."id" = l2."id" and r."deleted_at" is null returning r."id") ` +
        select;
      return counts((await db.sql.query(text, [roots, new Date().toISOString(), newLinkId("del")])).rows[0]);
    },
    async restoreBySql(roots) {
      const text =
        `with l1 as (update ${q(l1.table)} set ${revived} ` +
        `where ${q(l1.left.column)} = any($1::text[]) and ${deletedFromLeft("")} returning ${q(l1.right.column)} as "id"), ` +
        `items as (update ${items} as r set "deleted_at" = null, "deletion_id" = null ` +
        `from l1 where r."id" = l1."id" and r."deleted_at" is not null returning r."id"), ` +
        `l2 as (update ${q(l2.table)} as t set ${revived} ` +
        `from items where t.${q(l2.left.column)} = items."id" and ${deletedFromLeft("t.")} returning t.${q(l2.right.column)} as "id"), ` +
        `levels as (update ${levels} as r set "deleted_at" = null, "deletion_id" = null ` +
        `from l2 where r."id" = l2."id" and r."deleted_at" is not null returning r."id") ` +
        select;
      return counts((await db.sql.query(text, [roots])).rows[0]);
    },
  };
}
