import type { FieldCondition, QueryableModuleService, RecordQuery } from "@modlink/query";
import type { Knex } from "knex";

/** SQL column types of the record tables of query tests. */
export const ColumnTypes = ["text", "integer", "bigint", "timestamptz", "boolean"] as const;
export type ColumnType = (typeof ColumnTypes)[number];

/** One model kept in one table of the test schema; `columns` in field order, `id` first. */
export interface QueryModel {
  readonly module: string;
  readonly model: string;
  readonly table: string;
  readonly columns: Readonly<Record<string, ColumnType>>;
}

const COMPARISONS = { eq: "=", ne: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=", like: "like", ilike: "ilike" } as const;

/** A condition the way a module written with knex's builder applies it: every value bound. */
function applyCondition(builder: Knex.QueryBuilder, { field, op, value }: FieldCondition): void {
  switch (op) {
    case "in":
      builder.whereIn(field, value as readonly Knex.Value[]);
      return;
    case "nin":
      // `matchesConditions` gives nin no null rows; SQL's `not in` agrees only with the null excluded.
      builder.whereNotNull(field).whereNotIn(field, value as readonly Knex.Value[]);
      return;
    case "null":
      if (value === true) builder.whereNull(field);
      else builder.whereNotNull(field);
      return;
    default:
      builder.where(field, COMPARISONS[op], value as Knex.Value);
  }
}

function filtered(knex: Knex, schema: string, model: QueryModel, query: RecordQuery): Knex.QueryBuilder {
  const builder = knex.withSchema(schema).from(model.table);
  if (query.ids) builder.whereIn("id", [...query.ids]);
  if (!query.withDeleted) builder.whereNull("deleted_at");
  for (const condition of query.conditions) applyCondition(builder, condition);
  return builder;
}

/**
 * The query service of one module whose models are tables of `schema`, as a
 * real module would write it with knex. With `database` it also declares
 * `sqlSource`, so a link store of that database joins its tables instead of
 * calling `listRecords`.
 *
 * @example
 * const modules = { catalog: tableQueryService(knex, schema, [productModel], "main") }
 */
export function tableQueryService(knex: Knex, schema: string, models: readonly QueryModel[], database?: string): QueryableModuleService {
  const byName = new Map(models.map((model) => [model.model, model]));
  const sqlSource =
    database === undefined ? undefined : { database, schema, tables: Object.fromEntries(models.map((model) => [model.model, { table: model.table }])) };
  return {
    models: Object.fromEntries(models.map((model) => [model.model, { fields: Object.keys(model.columns) }])),
    queryCapabilities: { parallelReads: false },
    ...(sqlSource ? { sqlSource } : {}),
    async listRecords(name, query) {
      const model = byName.get(name);
      if (!model) throw new Error(`test module has no model ${name}`);
      const select = filtered(knex, schema, model, query).select([...query.fields]);
      for (const term of query.order) select.orderBy(term.field, term.direction);
      if (query.skip) select.offset(query.skip);
      if (query.take !== undefined) select.limit(query.take);
      const rows = (await select) as Record<string, unknown>[];
      if (!query.withCount) return { rows };
      const [total] = await filtered(knex, schema, model, query).count({ count: "*" });
      return { rows, count: Number(total?.count) };
    },
  };
}

/** `create table` for a model; text columns compare in code-point order (collate "C") on every server. */
export function createTableSql(schema: string, model: QueryModel): string {
  const columns = Object.entries(model.columns).map(([column, type]) => {
    const collation = type === "text" ? ` collate "C"` : "";
    return `"${column}" ${type}${collation}${column === "id" ? " primary key" : ""}`;
  });
  return `create table "${schema}"."${model.table}" (${columns.join(", ")})`;
}
