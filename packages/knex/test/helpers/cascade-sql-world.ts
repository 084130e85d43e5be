import { type CascadeContext, type KeyedIds, type LinkableModuleService, type SqlSoftDeleteTable, defineLink, defineModule } from "@modlink/core";
import type { Knex } from "knex";

/**
 * The world of the cascade-steps-in-SQL tests: three modules in a chain of
 * cascades (products -> items -> stock levels, items' tags as orphans), their
 * record tables, table-backed module services that may describe their soft
 * delete in SQL, and readers of what the database holds.
 */

export const Shop = defineModule("shop", { models: ["product"] });
export const Inventory = defineModule("inventory", { models: ["inventory_item"] });
export const Stock = defineModule("stock", { models: ["stock_level"] });
export const Tags = defineModule("tags", { models: ["tag"] });
/** product -> items -> levels, each a cascade; items also carry tags that go when orphaned (a service step). */
export const productItems = defineLink(Shop.linkable.product, { linkable: Inventory.linkable.inventoryItem, isList: true, deleteCascade: true });
export const itemLevels = defineLink(Inventory.linkable.inventoryItem, { linkable: Stock.linkable.stockLevel, isList: true, deleteCascade: true });
export const itemTags = defineLink(
  { linkable: Inventory.linkable.inventoryItem, isList: true },
  { linkable: Tags.linkable.tag, isList: true, deleteCascade: "orphans" },
);
/** Many to many into items: a second way to reach them, so items are reached by two steps of one level. */
export const productFeatured = defineLink(
  { linkable: Shop.linkable.product, isList: true },
  { linkable: Inventory.linkable.inventoryItem, isList: true, deleteCascade: true },
  { name: "featured" },
);
export const LINKS = [productItems, itemLevels, itemTags] as const;
export const DATABASE = "main";

/** Record tables, one per model: `(id, deleted_at, deletion_id)`. */
export const TABLES = { inventory_item: "rec_item", stock_level: "rec_level", tag: "rec_tag" } as const;
export const KEYS = { inventory_item: "inventory_item_id", stock_level: "stock_level_id", tag: "tag_id" } as const;
export type Model = keyof typeof TABLES;

/**
 * A module over its real table in the store's database, joining the
 * cascade's transaction; with `sql`, it also describes that soft delete in
 * `sqlSoftDelete`. `calls` counts the service methods actually called.
 */
export function tableModule(
  knex: Knex,
  schema: string,
  models: readonly Model[],
  sql?: { database: string; deletionId?: boolean },
): LinkableModuleService & { calls: number } {
  const table = (model: string) => `"${schema}"."${TABLES[model as Model]}"`;
  const service = {
    calls: 0,
    writeMode: "joins-transaction" as const,
    sqlSoftDelete: sql && {
      database: sql.database,
      schema,
      tables: Object.fromEntries(
        models.map((model): [string, SqlSoftDeleteTable] => [
          model,
          { table: TABLES[model], ...(sql.deletionId === false ? {} : { deletionId: "deletion_id" }) },
        ]),
      ),
    },
    async softDeleteRecords(model: string, ids: readonly string[], ctx: CascadeContext): Promise<KeyedIds> {
      service.calls++;
      const rows = await (ctx.transaction as Knex.Transaction).raw(
        `update ${table(model)} set "deleted_at" = now(), "deletion_id" = ? where "id" = any(?::text[]) and "deleted_at" is null returning "id"`,
        [ctx.deletionId, [...ids]],
      );
      return { [KEYS[model as Model]]: rows.rows.map((row: { id: string }) => row.id) };
    },
    async restoreRecords(model: string, ids: readonly string[], ctx: CascadeContext): Promise<KeyedIds> {
      service.calls++;
      const rows = await (ctx.transaction as Knex.Transaction).raw(
        `update ${table(model)} set "deleted_at" = null, "deletion_id" = null where "id" = any(?::text[]) and "deletion_id" = ? returning "id"`,
        [[...ids], ctx.deletionId],
      );
      return { [KEYS[model as Model]]: rows.rows.map((row: { id: string }) => row.id) };
    },
  };
  return service;
}

/** Every link row and record as stored, deletion ids replaced by the order they first appear in. */
export async function snapshot(knex: Knex, schema: string, links: readonly { table: string }[] = [...LINKS, productFeatured]): Promise<string[]> {
  const labels = new Map<string, string>();
  const label = (id: unknown) => (id === null ? "-" : (labels.get(String(id)) ?? labels.set(String(id), `d${labels.size + 1}`).get(String(id))));
  const lines: string[] = [];
  for (const { table } of links) {
    const rows = await knex.raw(`select * from "${schema}"."${table}" order by 2, 3`);
    for (const row of rows.rows) {
      const [left, right] = Object.keys(row).filter((column) => column.endsWith("_id") && column !== "deletion_id");
      lines.push(
        `${table} ${row[left as string]}-${row[right as string]} ${row.deleted_at === null ? "live" : "deleted"} ` +
          `${label(row.deletion_id)} ${row.deleted_from ?? "-"} ${row.cascaded}`,
      );
    }
  }
  for (const table of Object.values(TABLES)) {
    const rows = await knex.raw(`select "id", "deleted_at" is null as "live", "deletion_id" from "${schema}"."${table}" order by 1`);
    for (const row of rows.rows) lines.push(`${table} ${row.id} ${row.live ? "live" : "deleted"} ${label(row.deletion_id)}`);
  }
  return lines;
}

/** What `work` returns, and the statements it sent. */
export async function statementsOf<T>(knex: Knex, work: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  const sent: string[] = [];
  const listener = (query: { sql: string }) => sent.push(query.sql);
  knex.on("query", listener);
  try {
    return { result: await work(), sent };
  } finally {
    knex.off("query", listener);
  }
}
