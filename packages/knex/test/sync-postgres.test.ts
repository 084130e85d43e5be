import type { Knex } from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { type SyncPlan, syncLinkTables } from "../src";
import { freshSchema, orderCustomer, productBrand, productTag } from "./helpers/fixtures";
import { untilWaitingForTable } from "./helpers/lock-waits";
import { freshPostgres } from "@modlink/test-support";
import { syncBehaviour } from "./helpers/sync-behaviour";

const database = await freshPostgres("knex");
const knex: Knex | undefined = database?.connect();

afterAll(async () => {
  await knex?.destroy();
  await database?.drop();
});

describe.skipIf(!database)("syncLinkTables on PostgreSQL", () => {
  syncBehaviour(() => knex!);

  it("two processes syncing at once both succeed and create each table once", async () => {
    const schema = freshSchema("race");
    const processes = [database!.connect(), database!.connect()];
    try {
      const plans = await Promise.all(processes.map((k) => syncLinkTables(k, [productBrand, productTag, orderCustomer], { schema })));
      const created = plans.flatMap((plan) => plan.steps.filter((step) => step.kind === "create_table" && step.applied));
      expect(created).toHaveLength(3);
      expect(plans.map((plan) => plan.steps.length).sort()).toEqual([0, 4]);
      const tables = await knex!.raw(`select count(*)::int as n from pg_tables where schemaname = ? and tablename like 'link_%'`, [schema]);
      expect(tables.rows[0].n).toBe(3);
      const recorded = await knex!.raw(`select count(*)::int as n from "${schema}".modlink_migrations where kind = 'create_table'`);
      expect(recorded.rows[0].n).toBe(3);
    } finally {
      await Promise.all(processes.map((k) => k.destroy()));
    }
  });

  /**
   * A writer inserts into a removed link's empty table and holds its
   * transaction open; sync starts and is let run until it waits for a lock on
   * that table; only then does the writer finish. Sync must decide whether the
   * table is empty after the writer is done, under the lock the drop holds.
   */
  async function syncWhileWriterFinishes(finish: "commit" | "rollback"): Promise<{ schema: string; plan: SyncPlan }> {
    const schema = freshSchema("droprace");
    await syncLinkTables(knex!, [productBrand, productTag], { schema });
    const writer = database!.connect();
    try {
      const trx = await writer.transaction();
      await trx.raw(`insert into "${schema}"."${productTag.table}" ("id", "product_id", "tag_id") values ('ptag_1', 'p1', 't1')`);
      const syncing = syncLinkTables(knex!, [productBrand], { schema, allowDestructive: true });
      await untilWaitingForTable(knex!, schema, productTag.table, syncing);
      await (finish === "commit" ? trx.commit() : trx.rollback());
      return { schema, plan: await syncing };
    } finally {
      await writer.destroy();
    }
  }

  it("a removed link's table that gains a row while sync runs is kept with its row, its drop refused for want of dropTables", async () => {
    const { schema, plan } = await syncWhileWriterFinishes("commit");
    expect(plan.steps.map((step) => [step.kind, step.table, step.applied, step.requires])).toEqual([
      ["drop_table", productTag.table, false, ["allowDestructive", "dropTables"]],
    ]);
    const rows = await knex!.raw(`select "product_id", "tag_id" from "${schema}"."${productTag.table}"`);
    expect(rows.rows).toEqual([{ product_id: "p1", tag_id: "t1" }]);
  });

  it("a removed link's table whose only writer rolls back while sync runs is dropped as empty", async () => {
    const { schema, plan } = await syncWhileWriterFinishes("rollback");
    expect(plan.steps.map((step) => [step.kind, step.table, step.applied])).toEqual([["drop_table", productTag.table, true]]);
    expect((await knex!.raw(`select to_regclass(?) as t`, [`"${schema}"."${productTag.table}"`])).rows[0].t).toBeNull();
  });
});
