import { LinkError, RemoteLink } from "@modlink/core";
import { freshPostgres } from "@modlink/test-support";
import type { Knex } from "knex";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { KnexLinkStore } from "../src";
import { DATABASE, LINKS, TABLES, productFeatured, productItems, snapshot, statementsOf, tableModule } from "./helpers/cascade-sql-world";
import { openTestPglite } from "./helpers/pglite-database";

/** A database the suite runs on; undefined when PostgreSQL is unreachable outside CI (the helper said so loudly). */
interface SuiteDatabase {
  readonly knex: Knex;
  close(): Promise<void>;
}

function suite(name: string, db: SuiteDatabase | undefined) {
  let schemas = 0;
  let schema = "";
  afterAll(async () => {
    await db?.close();
  });

  /** A fresh schema with the links, the record tables and the world every test starts from. */
  beforeEach(async () => {
    if (!db) return;
    schema = `sql_steps_${++schemas}`;
    await new KnexLinkStore({ knex: db.knex, schema }).sync([...LINKS, productFeatured]);
    for (const table of Object.values(TABLES))
      await db.knex.raw(`create table "${schema}"."${table}" ("id" text primary key, "deleted_at" timestamptz, "deletion_id" text)`);
    await db.knex.raw(`insert into "${schema}"."rec_item" ("id") values ('i1'), ('i2'), ('i3')`);
    await db.knex.raw(`insert into "${schema}"."rec_level" ("id") values ('s1'), ('s2'), ('s3'), ('s4')`);
    await db.knex.raw(`insert into "${schema}"."rec_tag" ("id") values ('t1'), ('t2')`);
    const seed = remoteLinkOf(false);
    await seed.remoteLink.create([
      { shop: { product_id: "p1" }, inventory: { inventory_item_id: "i1" } },
      { shop: { product_id: "p1" }, inventory: { inventory_item_id: "i2" } },
      { shop: { product_id: "p2" }, inventory: { inventory_item_id: "i3" } },
      { inventory: { inventory_item_id: "i1" }, stock: { stock_level_id: "s1" } },
      { inventory: { inventory_item_id: "i1" }, stock: { stock_level_id: "s2" } },
      { inventory: { inventory_item_id: "i2" }, stock: { stock_level_id: "s3" } },
      { inventory: { inventory_item_id: "i3" }, stock: { stock_level_id: "s4" } },
      // t1 is kept by i3 (p2's item), t2 is an orphan once i1 is gone.
      { inventory: { inventory_item_id: "i1" }, tags: { tag_id: "t1" } },
      { inventory: { inventory_item_id: "i3" }, tags: { tag_id: "t1" } },
      { inventory: { inventory_item_id: "i1" }, tags: { tag_id: "t2" } },
    ]);
  });

  /** A RemoteLink over the schema; `sql`: the store is named and the inventory and stock modules describe their soft delete. */
  function remoteLinkOf(sql: boolean, options: { featured?: boolean; deletionId?: boolean; database?: string } = {}) {
    const knex = (db as { knex: Knex }).knex;
    const declared = sql ? { database: options.database ?? DATABASE, deletionId: options.deletionId } : undefined;
    const services = {
      inventory: tableModule(knex, schema, ["inventory_item"], declared),
      stock: tableModule(knex, schema, ["stock_level"], declared),
      tags: tableModule(knex, schema, ["tag"]),
      shop: tableModule(knex, schema, []),
    };
    const store = new KnexLinkStore({ knex, schema, database: sql ? DATABASE : undefined });
    const links = options.featured === false ? [...LINKS] : [...LINKS, productFeatured];
    return { remoteLink: new RemoteLink({ links, store, services }), services };
  }

  const p1 = { shop: { product_id: "p1" } };

  describe.skipIf(!db)(name, () => {
    it("runs each cascade step into a described model as one statement, ending as the module services would after delete and restore", async () => {
      const knex = (db as { knex: Knex }).knex;
      const start = await snapshot(knex, schema);
      // Without the featured link: products reach items through one link table only.
      const viaServices = remoteLinkOf(false, { featured: false });
      const deletedByServices = await viaServices.remoteLink.delete(p1);
      const afterServiceDelete = await snapshot(knex, schema);
      await viaServices.remoteLink.restore(p1);
      expect(await snapshot(knex, schema)).toEqual(start);

      const viaSql = remoteLinkOf(true, { featured: false });
      const { result: deleted, sent } = await statementsOf(knex, () => viaSql.remoteLink.delete(p1));
      expect(await snapshot(knex, schema)).toEqual(afterServiceDelete);
      expect(deleted.records).toEqual(deletedByServices.records);
      expect(deleted.links).toEqual(deletedByServices.links);
      expect(deleted.records).toEqual({
        inventory: { inventory_item_id: ["i1", "i2"] },
        stock: { stock_level_id: ["s1", "s2", "s3"] },
        tags: { tag_id: ["t2"] },
      });
      // Items and levels went in the link tables' statements; only the tags' (orphans) module was called.
      expect(viaSql.services.inventory.calls + viaSql.services.stock.calls).toBe(0);
      expect(viaSql.services.tags.calls).toBe(1);
      expect(sent.filter((sql) => sql.includes(`"rec_item"`) || sql.includes(`"rec_level"`))).toHaveLength(2);
      expect(sent.filter((sql) => sql.startsWith("update") && (sql.includes(`"rec_item"`) || sql.includes(`"rec_level"`)))).toEqual([]);

      const { result: restored } = await statementsOf(knex, () => viaSql.remoteLink.restore(p1));
      expect(restored.records).toEqual(deleted.records);
      expect(viaSql.services.inventory.calls + viaSql.services.stock.calls).toBe(0);
      expect(await snapshot(knex, schema)).toEqual(start);
    });

    it("a partner deleted before the cascade is left alone and unmarked, so restore does not revive it", async () => {
      const knex = (db as { knex: Knex }).knex;
      await knex.raw(`update "${schema}"."rec_item" set "deleted_at" = now(), "deletion_id" = 'earlier' where "id" = 'i2'`);
      const { remoteLink } = remoteLinkOf(true);
      const deleted = await remoteLink.delete(p1);
      expect(deleted.records.inventory).toEqual({ inventory_item_id: ["i1"] });
      // i2's link row is deleted but not marked: its record was not this deletion's doing; s3 is still live.
      const i2Row = await knex.raw(
        `select "cascaded", "deleted_at" is null as "live" from "${schema}"."${productItems.table}" where "inventory_item_id" = 'i2'`,
      );
      expect(i2Row.rows).toEqual([{ cascaded: false, live: false }]);
      expect((await knex.raw(`select "deleted_at" is null as "live" from "${schema}"."rec_level" where "id" = 's3'`)).rows).toEqual([{ live: true }]);
      await remoteLink.restore(p1);
      expect((await knex.raw(`select "id", "deletion_id" from "${schema}"."rec_item" where "deleted_at" is not null`)).rows).toEqual([
        { id: "i2", deletion_id: "earlier" },
      ]);
      expect((await knex.raw(`select count(*)::int as "n" from "${schema}"."${productItems.table}" where "deleted_at" is not null`)).rows).toEqual([{ n: 0 }]);
    });

    it("two steps of one level that lead to the same model go to the module service together, marking both rows alike", async () => {
      const knex = (db as { knex: Knex }).knex;
      // Products reach items through productItems and featured: one service call for both.
      const { remoteLink, services } = remoteLinkOf(true);
      await remoteLink.create({ shop: { product_id: "p1" }, inventory: { inventory_item_id: "i3" }, link: "featured" });
      const deleted = await remoteLink.delete(p1);
      expect(services.inventory.calls).toBe(1);
      expect(deleted.records.inventory).toEqual({ inventory_item_id: ["i1", "i2", "i3"] });
      expect((await knex.raw(`select "cascaded" from "${schema}"."${productFeatured.table}"`)).rows).toEqual([{ cascaded: true }]);
      await remoteLink.restore(p1);
      expect((await knex.raw(`select count(*)::int as "n" from "${schema}"."rec_item" where "deleted_at" is not null`)).rows).toEqual([{ n: 0 }]);
    });

    it("without a deletion id column, restore revives the records its rows marked", async () => {
      const knex = (db as { knex: Knex }).knex;
      const { remoteLink } = remoteLinkOf(true, { deletionId: false });
      const deleted = await remoteLink.delete(p1);
      expect(deleted.records.stock).toEqual({ stock_level_id: ["s1", "s2", "s3"] });
      // The step wrote no deletion id to the record tables it was not told of.
      expect((await knex.raw(`select count(*)::int as "n" from "${schema}"."rec_level" where "deletion_id" is not null`)).rows).toEqual([{ n: 0 }]);
      const restored = await remoteLink.restore(p1);
      expect(restored.records.stock).toEqual({ stock_level_id: ["s1", "s2", "s3"] });
      expect((await knex.raw(`select count(*)::int as "n" from "${schema}"."rec_level" where "deleted_at" is not null`)).rows).toEqual([{ n: 0 }]);
    });

    it("a declaration naming another database is not used: the services are called", async () => {
      const { remoteLink, services } = remoteLinkOf(true, { database: "elsewhere" });
      await remoteLink.delete(p1);
      expect(services.inventory.calls).toBe(1);
      expect(services.stock.calls).toBe(1);
    });

    it("a bad declaration is INVALID_DEFINITION naming the module, model and field, before anything is written", async () => {
      const knex = (db as { knex: Knex }).knex;
      const before = await snapshot(knex, schema);
      const { remoteLink, services } = remoteLinkOf(true);
      Object.assign(services.stock, { sqlSoftDelete: { database: DATABASE, tables: { stock_level: { table: "Stock-Levels" } } } });
      const error = await remoteLink.delete(p1).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code: "INVALID_DEFINITION" });
      expect((error as Error).message).toContain(`sqlSoftDelete of module "stock", model "stock_level": table is "Stock-Levels"`);
      expect(services.inventory.calls + services.tags.calls).toBe(0);
      expect(await snapshot(knex, schema)).toEqual(before);
    });

    it("a failure in a module's table during a step is CASCADE_FAILED naming the module, and changes nothing", async () => {
      const knex = (db as { knex: Knex }).knex;
      await knex.raw(`create function "${schema}".refuse() returns trigger language plpgsql as $$ begin raise exception 'stock is frozen'; end $$`);
      await knex.raw(`create trigger "frozen" before update on "${schema}"."rec_level" for each row execute function "${schema}".refuse()`);
      const before = await snapshot(knex, schema);
      const failed = await remoteLinkOf(true)
        .remoteLink.delete(p1)
        .catch((caught: unknown) => caught);
      expect(failed).toMatchObject({ code: "CASCADE_FAILED", module: "stock" });
      expect((failed as Error).message).toContain("stock is frozen");
      expect(await snapshot(knex, schema)).toEqual(before);
      await knex.raw(`drop trigger "frozen" on "${schema}"."rec_level"`);
      const { remoteLink } = remoteLinkOf(true);
      await remoteLink.delete(p1);
      const deleted = await snapshot(knex, schema);
      await knex.raw(`create trigger "frozen" before update on "${schema}"."rec_level" for each row execute function "${schema}".refuse()`);
      const error = await remoteLink.restore(p1).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "CASCADE_FAILED", module: "stock" });
      expect(await snapshot(knex, schema)).toEqual(deleted);
    });

    it("inside a host transaction that rolls back, nothing of the steps remains", async () => {
      const knex = (db as { knex: Knex }).knex;
      const before = await snapshot(knex, schema);
      const { remoteLink } = remoteLinkOf(true);
      const rollback = new Error("host rolls back");
      const failure = await knex
        .transaction(async (trx) => {
          const deleted = await remoteLink.delete(p1, { transaction: trx });
          expect(deleted.records.inventory).toEqual({ inventory_item_id: ["i1", "i2"] });
          throw rollback;
        })
        .catch((caught: unknown) => caught);
      expect(failure).toBe(rollback);
      expect(await snapshot(knex, schema)).toEqual(before);
    });
  });
}

async function postgres(): Promise<SuiteDatabase | undefined> {
  const database = await freshPostgres("knex");
  if (!database) return undefined;
  const knex = database.connect();
  return {
    knex,
    close: async () => {
      await knex.destroy();
      await database.drop();
    },
  };
}

suite("PGlite", await openTestPglite("memory"));
suite("PostgreSQL", await postgres());
