import type { LinkTable, SideName } from "@modlink/core";
import type { LinkRowState } from "@modlink/core/store";

/** Columns of a SQL link table that are not extra columns. */
const FIXED_COLUMNS = new Set(["id", "created_at", "updated_at", "deleted_at", "deletion_id", "deleted_from", "cascaded"]);

/**
 * The state of one row of a SQL link table read with `select *`: for SQL
 * stores' harnesses, whose tables keep the bookkeeping in the columns
 * `deletion_id`, `deleted_from` and `cascaded`.
 *
 * @example
 * storedRows: async (table) => (await knex.select("*").from(table.name)).map((row) => sqlRowState(table, row))
 */
export function sqlRowState(table: LinkTable, row: Readonly<Record<string, unknown>>): LinkRowState {
  const data: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (!FIXED_COLUMNS.has(column) && column !== table.left.column && column !== table.right.column) data[column] = value;
  }
  return {
    id: String(row.id),
    left: String(row[table.left.column]),
    right: String(row[table.right.column]),
    data,
    createdAt: asDate(row.created_at),
    updatedAt: asDate(row.updated_at),
    deletedAt: row.deleted_at === null || row.deleted_at === undefined ? null : asDate(row.deleted_at),
    deletionId: row.deletion_id === null || row.deletion_id === undefined ? null : String(row.deletion_id),
    deletedFrom: asSide(row.deleted_from),
    cascaded: row.cascaded === true,
  };
}

// Drivers that do not parse timestamps hand over strings.
function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function asSide(value: unknown): SideName | null {
  if (value === null || value === undefined) return null;
  if (value === "left" || value === "right") return value;
  throw new Error(`deleted_from holds ${String(value)}; a link table keeps "left", "right" or null there.`);
}
