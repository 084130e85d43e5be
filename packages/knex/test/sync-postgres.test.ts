import type { Knex } from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { syncLinkTables } from "../src";
import { freshSchema, orderCustomer, productBrand, productTag } from "./helpers/fixtures";
import { createTestDatabase } from "./helpers/postgres-database";
import { syncBehaviour } from "./helpers/sync-behaviour";

const database = await createTestDatabase();
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
});
