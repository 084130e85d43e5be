import { type QueryModel, type QueryModuleName, type QueryModuleServices, queryFields, queryModelsByModule, queryRows } from "@modlink/conformance";
import type { QueryableModuleService } from "@modlink/query";
import { listTableRecords } from "../../src";
import type { Knex } from "knex";

/** Where the query fixture's module tables are. */
export interface QueryTables {
  readonly knex: Knex;
  readonly schema: string;
}

export interface KnexQueryModuleOptions {
  /** Only when the database has a pool (not PGlite). */
  readonly parallelReads: boolean;
  /** Declare `sqlSource` with the database name of each module (the link store's, to be joined). Omitted: no `sqlSource`. */
  readonly databases?: Readonly<Record<QueryModuleName, string>>;
}

/**
 * A module whose records are rows of one table per model, read through knex:
 * what a real module's query service looks like.
 */
function knexModule(tables: QueryTables, models: readonly QueryModel[], parallelReads: boolean, database: string | undefined): QueryableModuleService {
  const sqlTables = Object.fromEntries(models.map((model) => [model, { table: model }]));
  const sqlSource = database === undefined ? {} : { sqlSource: { database, schema: tables.schema, tables: sqlTables } };
  return {
    models: Object.fromEntries(models.map((model) => [model, { fields: queryFields[model] }])),
    queryCapabilities: { parallelReads },
    ...sqlSource,
    listRecords: (model, query) => listTableRecords(tables.knex, { schema: tables.schema, table: model }, query),
  };
}

/** The fixture's three modules over the tables of `createQueryTables`. */
export function knexQueryModules(tables: QueryTables, { parallelReads, databases }: KnexQueryModuleOptions): QueryModuleServices {
  const module = (name: QueryModuleName) => knexModule(tables, queryModelsByModule[name], parallelReads, databases?.[name]);
  return { product: module("product"), brand: module("brand"), helloModuleService: module("helloModuleService") };
}

/** Creates and fills the fixture's module tables product, brand and my_custom in `tables.schema`, which must exist. */
export async function createQueryTables({ knex, schema }: QueryTables): Promise<void> {
  await knex.schema.withSchema(schema).createTable("brand", (t) => {
    t.text("id").primary();
    t.text("name").notNullable();
    t.timestamp("deleted_at", { useTz: true }).nullable();
  });
  await knex.schema.withSchema(schema).createTable("product", (t) => {
    t.text("id").primary();
    t.text("title").notNullable();
    t.integer("price").notNullable();
    t.timestamp("deleted_at", { useTz: true }).nullable();
  });
  await knex.schema.withSchema(schema).createTable("my_custom", (t) => {
    t.text("id").primary();
    t.text("name").notNullable();
    t.text("brand_id").nullable();
    t.timestamp("deleted_at", { useTz: true }).nullable();
  });
  for (const model of ["brand", "product", "my_custom"] as const) await knex(model).withSchema(schema).insert(queryRows[model]);
}
