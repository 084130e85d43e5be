import type { Knex } from "knex";
import type { FieldCondition, QueryableModuleService, RecordQuery } from "./core-query";
import { Fields, rows } from "./fixtures";

type Model = keyof typeof Fields;

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

function filtered(knex: Knex, table: string, query: RecordQuery): Knex.QueryBuilder {
  const builder = knex(table);
  if (query.ids) builder.whereIn("id", query.ids);
  if (!query.withDeleted) builder.whereNull("deleted_at");
  for (const condition of query.conditions) applyCondition(builder, condition);
  return builder;
}

/**
 * A module whose records are rows of one table per model, read through knex:
 * what a real module's query service looks like.
 */
function knexModule(knex: Knex, models: readonly Model[], options: KnexModuleOptions): QueryableModuleService {
  const { parallelReads, database } = options;
  return {
    models: Object.fromEntries(models.map((model) => [model, { fields: Fields[model] }])),
    queryCapabilities: { parallelReads },
    ...(database === undefined ? {} : { sqlSource: { database, tables: Object.fromEntries(models.map((model) => [model, { table: model }])) } }),
    async listRecords(model, query) {
      const select = filtered(knex, model, query).select(query.fields);
      for (const term of query.order) select.orderBy(term.field, term.direction);
      if (query.skip) select.offset(query.skip);
      if (query.take !== undefined) select.limit(query.take);
      const found = await select;
      if (!query.withCount) return { rows: found };
      const [total] = await filtered(knex, model, query).count({ count: "*" });
      return { rows: found, count: Number(total?.count) };
    },
  };
}

export interface KnexModuleOptions {
  /** Only when the database has a pool (not PGlite). */
  readonly parallelReads: boolean;
  /** Declare `sqlSource` with this database name (the link store's, to be joined). */
  readonly database?: string;
}

/** The three modules on one database; `databases` overrides `database` per module. */
export function knexModules(
  knex: Knex,
  options: KnexModuleOptions,
  databases: Partial<Record<"product" | "brand" | "helloModuleService", string>> = {},
): Record<string, QueryableModuleService> {
  const of = (module: keyof typeof databases) => ({ ...options, database: databases[module] ?? options.database });
  return {
    product: knexModule(knex, ["product"], of("product")),
    brand: knexModule(knex, ["brand"], of("brand")),
    helloModuleService: knexModule(knex, ["my_custom"], of("helloModuleService")),
  };
}

/** Creates and fills the module tables product, brand and my_custom. */
export async function createModuleTables(knex: Knex): Promise<void> {
  await knex.schema.createTable("brand", (t) => {
    t.text("id").primary();
    t.text("name").notNullable();
    t.timestamp("deleted_at", { useTz: true }).nullable();
  });
  await knex.schema.createTable("product", (t) => {
    t.text("id").primary();
    t.text("title").notNullable();
    t.integer("price").notNullable();
    t.timestamp("deleted_at", { useTz: true }).nullable();
  });
  await knex.schema.createTable("my_custom", (t) => {
    t.text("id").primary();
    t.text("name").notNullable();
    t.text("brand_id").nullable();
    t.timestamp("deleted_at", { useTz: true }).nullable();
  });
  for (const model of ["brand", "product", "my_custom"] as const) await knex(model).insert(rows[model]);
}
