import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { RecordModule } from "@modlink/conformance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KnexLinkStore } from "../src";
import { type TestPglite, openTestPglite } from "./helpers/pglite-database";

const Shop = defineModule("shop", { models: ["product"] });
const Inventory = defineModule("inventory", { models: ["inventory_item"] });
const Stock = defineModule("stock", { models: ["stock_level"] });
/** A chain of one-to-many cascades: a product's items, an item's stock levels; each item has one product, each level one item. */
const productItems = defineLink(Shop.linkable.product, { linkable: Inventory.linkable.inventoryItem, isList: true, deleteCascade: true });
const itemLevels = defineLink(Inventory.linkable.inventoryItem, { linkable: Stock.linkable.stockLevel, isList: true, deleteCascade: true });
/** Many to many on the item: an item reached through productItems still has live rows here. */
const itemTags = defineLink(
  { linkable: Inventory.linkable.inventoryItem, isList: true },
  { linkable: Shop.linkable.product, isList: true },
  { name: "item_tags" },
);

let db: TestPglite;
beforeAll(async () => {
  db = await openTestPglite("memory");
});
afterAll(async () => {
  await db?.close();
});

/** What `work` returns, and the statements it sent. */
async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  const sent: string[] = [];
  const listener = (query: { sql: string }) => sent.push(query.sql);
  db.knex.on("query", listener);
  try {
    return { result: await work(), sent };
  } finally {
    db.knex.off("query", listener);
  }
}

describe("cascade statements on a chain of one-to-many links", () => {
  it("a level does not look again, from the unique side, at the link it arrived through; everything else is deleted and restored exactly", async () => {
    const store = new KnexLinkStore({ knex: db.knex, schema: "chain" });
    await store.sync([productItems, itemLevels, itemTags]);
    const services = {
      shop: new RecordModule("shop", { product: { key: "product_id" } }),
      inventory: new RecordModule("inventory", { inventory_item: { key: "inventory_item_id" } }),
      stock: new RecordModule("stock", { stock_level: { key: "stock_level_id" } }),
    };
    services.inventory.seed("inventory_item", ["i1", "i2"]);
    services.stock.seed("stock_level", ["s1", "s2", "s3"]);
    const remoteLink = new RemoteLink({ links: [productItems, itemLevels, itemTags], store, services });
    await remoteLink.create([
      { shop: { product_id: "p1" }, inventory: { inventory_item_id: "i1" } },
      { shop: { product_id: "p1" }, inventory: { inventory_item_id: "i2" } },
      { inventory: { inventory_item_id: "i1" }, stock: { stock_level_id: "s1" } },
      { inventory: { inventory_item_id: "i1" }, stock: { stock_level_id: "s2" } },
      { inventory: { inventory_item_id: "i2" }, stock: { stock_level_id: "s3" } },
      { inventory: { inventory_item_id: "i1" }, shop: { product_id: "p9" }, link: "item_tags" },
    ]);
    const rows = async () =>
      (
        await db.knex.raw(
          `select "id", "deleted_at" is null as "live", "deletion_id" from "chain"."${productItems.table}" ` +
            `union all select "id", "deleted_at" is null, "deletion_id" from "chain"."${itemLevels.table}" ` +
            `union all select "id", "deleted_at" is null, "deletion_id" from "chain"."${itemTags.table}" order by 1`,
        )
      ).rows;
    const before = await rows();

    const { result: deleted, sent } = await statementsOf(() => remoteLink.delete({ shop: { product_id: "p1" } }));
    expect(deleted.records).toEqual({ inventory: { inventory_item_id: ["i1", "i2"] }, stock: { stock_level_id: ["s1", "s2", "s3"] } });
    expect(deleted.links).toEqual({ [productItems.table]: 2, [itemLevels.table]: 3, [itemTags.table]: 1 });
    // The product: its items and its tags; items: their levels and their tags, never
    // productItems again; stock levels: nothing (their one row is gone).
    const updates = sent.filter((sql) => sql.startsWith("update"));
    expect(updates.filter((sql) => sql.includes(productItems.table))).toHaveLength(1);
    expect(updates.filter((sql) => sql.includes(itemLevels.table))).toHaveLength(1);
    expect(updates.filter((sql) => sql.includes(itemTags.table))).toHaveLength(2);

    const restore = await statementsOf(() => remoteLink.restore({ shop: { product_id: "p1" } }));
    expect(restore.result.records).toEqual(deleted.records);
    // A restore of one link table is one statement (a data-modifying CTE).
    const restores = restore.sent.filter((sql) => sql.startsWith("with"));
    expect(restores.filter((sql) => sql.includes(productItems.table))).toHaveLength(1);
    expect(restores.filter((sql) => sql.includes(itemLevels.table))).toHaveLength(1);
    expect(restores.filter((sql) => sql.includes(itemTags.table))).toHaveLength(2);
    expect(await rows()).toEqual(before);
    for (const id of ["i1", "i2"]) expect(services.inventory.isDeleted("inventory_item", id)).toBe(false);
    for (const id of ["s1", "s2", "s3"]) expect(services.stock.isDeleted("stock_level", id)).toBe(false);
  });
});
