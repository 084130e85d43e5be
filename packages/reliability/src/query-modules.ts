import { listTableRecords } from "@modlink/knex";
import type { QueryableModuleService } from "@modlink/query";
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
      return listTableRecords(knex, { schema, table: model.table }, query);
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
