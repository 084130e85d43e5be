import type { FieldCondition, RecordPage, RecordQuery } from "@modlink/query";
import type { Knex } from "knex";

const COMPARISONS = { eq: "=", ne: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=", like: "like", ilike: "ilike" } as const;

/**
 * Answers the query engine's `RecordQuery` over one table of soft-deletable
 * records (`id` primary key, `deleted_at`): filtered by `ids` and
 * `conditions`, sorted by `order`, paged by `skip`/`take`, with the total
 * before paging when `withCount`. Field names were checked by the engine
 * against the model's `fields`, which are the table's columns.
 *
 * @example
 * await listTableRecords(knex, "brands", {
 *   conditions: [{ field: "name", op: "eq", value: "Acme" }],
 *   fields: ["id", "name"],
 *   order: [],
 *   withDeleted: false,
 *   withCount: true,
 * })
 */
export async function listTableRecords(db: Knex, table: string, query: RecordQuery): Promise<RecordPage> {
  if (query.ids?.length === 0) return { rows: [], ...(query.withCount ? { count: 0 } : {}) };
  const filtered = () => matching(db, table, query);
  const page = filtered().select([...new Set(["id", ...query.fields])]);
  for (const term of query.order) page.orderBy(term.field, term.direction);
  if (query.skip) page.offset(query.skip);
  if (query.take !== undefined) page.limit(query.take);
  // One after the other: PGlite has a single connection.
  const rows: Record<string, unknown>[] = await page;
  if (!query.withCount) return { rows };
  const total: { count?: unknown } | undefined = await filtered().count({ count: "*" }).first();
  return { rows, count: Number(total?.count ?? 0) };
}

function matching(db: Knex, table: string, query: RecordQuery): Knex.QueryBuilder {
  const builder = db(table);
  if (query.ids) builder.whereIn("id", [...query.ids]);
  if (!query.withDeleted) builder.whereNull("deleted_at");
  for (const condition of query.conditions) applyCondition(builder, condition);
  return builder;
}

/** The SQL meaning of each operator, null-safe like the engine's in-memory one: only `null` matches a null field. */
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
      // `not in ()` would keep nulls; the engine's meaning never does.
      builder.whereNotNull(field).whereNotIn(field, [...(value as readonly Knex.Value[])]);
      return;
    default:
      builder.where(field, COMPARISONS[op], value as Knex.Value);
  }
}
