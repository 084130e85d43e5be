import { type ModuleServiceHarness, moduleServiceSuite } from "@modlink/conformance";
import { defineModule } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe } from "vitest";
import { openPostgresSchema } from "../src/postgres-server";
import { type RecordTable, qualified, seedRecordTables } from "../src/record-tables";
import { RECORD_DATABASE, TableServices } from "../src/table-services";

/*
 * The table-backed module services the reliability tests cascade into keep
 * the contract of real modules, in both write modes; joining the
 * transaction, they also describe their soft delete in SQL. The oracles of
 * the other tests lean on them, so they are held to the contract here.
 */

const server = await openPostgresSchema("module_services");
let knex: Knex;
beforeAll(() => {
  if (server) knex = server.connect({ poolMax: 4 });
});
afterAll(() => server?.close());

const Stock = defineModule("stock", { models: ["item"] });
const linkable = Stock.linkable.item;

function tableServicesSuite(writeMode: "joins-transaction" | "separate"): void {
  moduleServiceSuite({
    name: `reliability TableServices, ${writeMode} (PostgreSQL)`,
    async makeService(): Promise<ModuleServiceHarness> {
      const { schema } = server as NonNullable<typeof server>;
      const table: RecordTable = { module: linkable.module, model: linkable.model, key: linkable.key, name: `rec_stock_item_${writeMode.charAt(0)}` };
      await seedRecordTables(knex, schema, [table], {});
      const services = new TableServices({
        schema,
        tables: [table],
        sqlDatabase: RECORD_DATABASE,
        ...(writeMode === "separate" ? { separate: { modules: [linkable.module], knex } } : {}),
      });
      let made = 0;
      return {
        service: services.lookup(linkable.module) as NonNullable<ReturnType<TableServices["lookup"]>>,
        linkable,
        async seed(count) {
          const ids = Array.from({ length: count }, () => `item_${writeMode.charAt(0)}_${++made}`);
          await knex.raw(`insert into ${qualified(schema, table)} ("id") select unnest(?::text[])`, [ids]);
          return ids;
        },
        isDeleted: async (id) => (await knex.raw(`select "deleted_at" from ${qualified(schema, table)} where "id" = ?`, [id])).rows[0]?.deleted_at != null,
        inTransaction: (work) => knex.transaction((trx) => work(trx)),
        async linkStore(links) {
          const store = new KnexLinkStore({ knex, schema, database: RECORD_DATABASE });
          await store.sync(links);
          return store;
        },
        close: async () => {},
      };
    },
  });
}

describe.skipIf(!server)("module services of the reliability tests", () => {
  tableServicesSuite("joins-transaction");
  tableServicesSuite("separate");
});
