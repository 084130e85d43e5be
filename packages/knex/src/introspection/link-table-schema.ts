import type { LinkTable } from "@modlink/core";
import { catalogType, ddlType, defaultLiteral } from "../sql/column-codec";
import { linkIndexNames, qualifiedName, quoteIdentifier } from "../sql/sql-names";

/** What a column is for; key and id columns cannot be added to a table holding rows. */
export type ColumnRole = "id" | "key" | "extra" | "meta";

/** One column a link table should have. */
export interface ColumnSpec {
  readonly name: string;
  readonly role: ColumnRole;
  /** Type as written in DDL. */
  readonly type: string;
  /** Type as `format_type()` reports it. */
  readonly catalogType: string;
  readonly notNull: boolean;
  /** SQL expression, or null for no default. */
  readonly defaultSql: string | null;
}

/** One index a link table should have. */
export interface IndexSpec {
  readonly name: string;
  /** Cardinality indexes (live-row unique) change what writes are allowed. */
  readonly cardinality: "left" | "right" | null;
  /** Every column the index reads (keys and predicate): it can only be built once they all exist. */
  readonly columns: readonly string[];
  readonly sql: string;
}

/** The complete desired shape of one link table. */
export interface LinkTableSchema {
  readonly schema: string;
  readonly table: LinkTable;
  readonly qualified: string;
  readonly columns: readonly ColumnSpec[];
  readonly indexes: readonly IndexSpec[];
}

/** A partial index's condition: one column tested for null. */
interface IndexPredicate {
  readonly column: string;
  readonly test: "is null" | "is not null";
}

const TEXT = { type: "text", catalogType: "text" } as const;
const TIMESTAMPTZ = { type: "timestamptz", catalogType: "timestamp with time zone" } as const;

/**
 * The columns and indexes of a link table: no sequences, no triggers, so the
 * table can be distributed or partitioned by either key.
 */
export function linkTableSchema(schema: string, table: LinkTable): LinkTableSchema {
  const columns: ColumnSpec[] = [
    { name: "id", role: "id", ...TEXT, notNull: true, defaultSql: null },
    { name: table.left.column, role: "key", ...TEXT, notNull: true, defaultSql: null },
    { name: table.right.column, role: "key", ...TEXT, notNull: true, defaultSql: null },
    ...Object.entries(table.extraColumns).map(([name, column]): ColumnSpec => ({
      name,
      role: "extra",
      type: ddlType(column.type),
      catalogType: catalogType(column.type),
      notNull: column.nullable !== true,
      defaultSql: defaultLiteral(column),
    })),
    { name: "created_at", role: "meta", ...TIMESTAMPTZ, notNull: true, defaultSql: "now()" },
    { name: "updated_at", role: "meta", ...TIMESTAMPTZ, notNull: true, defaultSql: "now()" },
    { name: "deleted_at", role: "meta", ...TIMESTAMPTZ, notNull: false, defaultSql: null },
    { name: "deletion_id", role: "meta", ...TEXT, notNull: false, defaultSql: null },
    { name: "deleted_from", role: "meta", ...TEXT, notNull: false, defaultSql: null },
    { name: "cascaded", role: "meta", type: "boolean", catalogType: "boolean", notNull: true, defaultSql: "false" },
  ];
  const qualified = qualifiedName(schema, table.name);
  const names = linkIndexNames(table);
  const left = table.left.column;
  const right = table.right.column;
  const index = (name: string, shape: { unique: boolean; on: readonly string[]; where?: IndexPredicate; cardinality?: "left" | "right" }): IndexSpec => ({
    name,
    cardinality: shape.cardinality ?? null,
    columns: shape.where === undefined ? shape.on : [...shape.on, shape.where.column],
    sql:
      `create ${shape.unique ? "unique index" : "index"} ${quoteIdentifier(name)} on ${qualified} (${shape.on.map(quoteIdentifier).join(", ")})` +
      (shape.where === undefined ? "" : ` where ${quoteIdentifier(shape.where.column)} ${shape.where.test}`),
  });
  const live: IndexPredicate = { column: "deleted_at", test: "is null" };
  const indexes = [
    index(names.pair, { unique: true, on: [left, right] }),
    ...(table.left.unique ? [index(names.leftLive, { unique: true, on: [left], where: live, cardinality: "left" })] : []),
    ...(table.right.unique ? [index(names.rightLive, { unique: true, on: [right], where: live, cardinality: "right" })] : []),
    index(names.rightLookup, { unique: false, on: [right] }),
    index(names.deletion, { unique: false, on: ["deletion_id"], where: { column: "deletion_id", test: "is not null" } }),
  ];
  return { schema, table, qualified, columns, indexes };
}

/** `"note" text not null default 'x'`, as in create table and add column. */
export function columnDefinition(column: ColumnSpec): string {
  return [
    quoteIdentifier(column.name),
    column.type,
    column.role === "id" ? "primary key" : column.notNull ? "not null" : "",
    column.defaultSql === null ? "" : `default ${column.defaultSql}`,
  ]
    .filter(Boolean)
    .join(" ");
}

/** The statements creating the table and its indexes. */
export function createTableStatements(schema: LinkTableSchema): string[] {
  return [`create table ${schema.qualified} (${schema.columns.map(columnDefinition).join(", ")})`, ...schema.indexes.map((index) => index.sql)];
}
