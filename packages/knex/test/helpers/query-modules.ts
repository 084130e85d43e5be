import { type QueryModel, type QueryModuleName, type QueryModuleServices, queryFields, queryModelsByModule, queryRows } from "@modlink/conformance";
import type { FieldCondition, QueryableModuleService, RecordQuery } from "@modlink/query";
import type { Knex } from "knex";

const COMPARISONS = { gt: ">", gte: ">=", lt: "<", lte: "<=", like: "like", ilike: "ilike" } as const;

function applyCondition(builder: Knex.QueryBuilder, { field, op, value }: FieldCondition): void {
  switch (op) {
    case "eq":
      builder.where(field, value as Knex.Value);
      return;
    case "ne":
      builder.whereNot(field, value as Knex.Value);
      return;
    case "in":
      builder.whereIn(field, value as readonly Knex.Value[]);
      return;
    case "nin":
      builder.whereNotIn(field, value as readonly Knex.Value[]);
      return;
    case "null":
      if (value) builder.whereNull(field);
      else builder.whereNotNull(field);
      return;
    default:
      builder.where(field, COMPARISONS[op], value as Knex.Value);
  }
}

/** Where the query fixture's module tables are. */
export interface QueryTables {
  readonly knex: Knex;
  readonly schema: string;
}

function filtered({ knex, schema }: QueryTables, table: string, query: RecordQuery): Knex.QueryBuilder {
  const builder = knex(table).withSchema(schema);
  if (query.ids) builder.whereIn("id", query.ids);
  if (!query.withDeleted) builder.whereNull("deleted_at");
  for (const condition of query.conditions) applyCondition(builder, condition);
  return builder;
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
    async listRecords(model, query) {
      const select = filtered(tables, model, query).select(query.fields);
      for (const term of query.order) select.orderBy(term.field, term.direction);
      if (query.skip) select.offset(query.skip);
      if (query.take !== undefined) select.limit(query.take);
      const found = await select;
      if (!query.withCount) return { rows: found };
      const [total] = await filtered(tables, model, query).count({ count: "*" });
      return { rows: found, count: Number(total?.count) };
    },
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
