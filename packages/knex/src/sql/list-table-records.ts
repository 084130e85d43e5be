import type { FieldCondition, RecordPage, RecordQuery } from "@modlink/query";
import type { Knex } from "knex";

const COMPARISONS = { eq: "=", ne: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=", like: "like", ilike: "ilike" } as const;

/** Where `listTableRecords` reads. */
export interface TableRecordsSource {
  /** The model's table, unquoted. */
  readonly table: string;
  /** The table's schema; omitted: the connection's search path. */
  readonly schema?: string;
  /** The primary key column. Default `"id"`. */
  readonly primaryKey?: string;
  /** The column marking a record soft-deleted when not null. Default `"deleted_at"`. */
  readonly deletedAt?: string;
}

/**
 * Answers `LinkQuery`'s `RecordQuery` over one table of soft-deletable
 * records (`id` primary key and `deleted_at` unless `source` names others), for modules written with knex:
 * filtered by `ids` and `conditions`, sorted by `order`, paged by
 * `skip`/`take`, with the total before paging when `withCount`. Conditions
 * mean what they mean in memory (`matchesConditions`): a null field matches
 * only `null: true`, also under `ne` and `nin`. Field names were checked by
 * the query engine against the model's `fields`, which must be the table's
 * columns; every value is bound.
 *
 * @example
 * const brands: QueryableModuleService = {
 *   models: { brand: { fields: ["id", "name", "deleted_at"] } },
 *   listRecords: (_model, query) => listTableRecords(knex, { table: "brands" }, query),
 * }
 */
export async function listTableRecords(db: Knex, source: TableRecordsSource, query: RecordQuery): Promise<RecordPage> {
  if (query.ids?.length === 0) return { rows: [], ...(query.withCount ? { count: 0 } : {}) };
  const page = matching(db, source, query).select([...new Set([source.primaryKey ?? "id", ...query.fields])]);
  for (const term of query.order) page.orderBy(term.field, term.direction);
  if (query.skip) page.offset(query.skip);
  if (query.take !== undefined) page.limit(query.take);
  // One after the other: PGlite has a single connection.
  const rows: Record<string, unknown>[] = await page;
  if (!query.withCount) return { rows };
  const total: { count?: unknown } | undefined = await matching(db, source, query).count({ count: "*" }).first();
  return { rows, count: Number(total?.count ?? 0) };
}

function matching(db: Knex, source: TableRecordsSource, query: RecordQuery): Knex.QueryBuilder {
  const builder = source.schema === undefined ? db(source.table) : db.withSchema(source.schema).from(source.table);
  if (query.ids) builder.whereIn(source.primaryKey ?? "id", [...query.ids]);
  if (!query.withDeleted) builder.whereNull(source.deletedAt ?? "deleted_at");
  for (const condition of query.conditions) applyCondition(builder, condition);
  return builder;
}

function applyCondition(builder: Knex.QueryBuilder, { field, op, value }: FieldCondition): void {
  switch (op) {
    case "null":
      if (value === true) builder.whereNull(field);
      else builder.whereNotNull(field);
      return;
    case "in":
      builder.whereIn(field, [...(value as readonly Knex.Value[])]);
      return;
    case "nin":
      // knex writes `not in ()` as true, which would keep null fields; in memory they never match.
      builder.whereNotNull(field).whereNotIn(field, [...(value as readonly Knex.Value[])]);
      return;
    default:
      // `<>` and the comparisons are never true for null: as in memory.
      builder.where(field, COMPARISONS[op], value as Knex.Value);
  }
}
