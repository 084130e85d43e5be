import type { ExtraColumnType, LinkTable, SideName } from "@modlink/core";
import { selectExpression } from "./column-codec";
import { qualifiedName, quoteIdentifier } from "./sql-names";

/** One extra column, with its quoted name. */
export interface ExtraColumnSql {
  readonly name: string;
  readonly quoted: string;
  readonly type: ExtraColumnType;
}

/** The quoted names statements on one link table need, validated once. */
export interface TableSql {
  readonly table: LinkTable;
  readonly qualified: string;
  readonly left: string;
  readonly right: string;
  readonly extras: readonly ExtraColumnSql[];
  /** The select list of a full row, as `rowToStoredLink` reads it. */
  readonly selectList: string;
}

/** By table, then schema: every statement needs them, and building them costs more than a small statement's own work. */
const cache = new WeakMap<LinkTable, Map<string, TableSql>>();

/** The quoted names of `table` in `schema`, built once per table and schema. */
export function tableSql(schema: string, table: LinkTable): TableSql {
  let bySchema = cache.get(table);
  if (!bySchema) cache.set(table, (bySchema = new Map()));
  let sql = bySchema.get(schema);
  if (!sql) bySchema.set(schema, (sql = buildTableSql(schema, table)));
  return sql;
}

function buildTableSql(schema: string, table: LinkTable): TableSql {
  const extras = Object.entries(table.extraColumns).map(([name, column]) => ({ name, quoted: quoteIdentifier(name), type: column.type }));
  const left = quoteIdentifier(table.left.column);
  const right = quoteIdentifier(table.right.column);
  const sql = { table, qualified: qualifiedName(schema, table.name), left, right, extras };
  return Object.freeze({ ...sql, selectList: selectListOf(sql) });
}

/** The select list of a full row, its columns taken from the table `alias` when given (in joins). */
export function selectListOf(sql: Omit<TableSql, "selectList">, alias?: string): string {
  const column = (quoted: string) => (alias === undefined ? quoted : `${alias}.${quoted} as ${quoted}`);
  return [
    column(`"id"`),
    column(sql.left),
    column(sql.right),
    ...sql.extras.map((extra) => selectExpression(extra.type, extra.quoted, alias)),
    column(`"created_at"`),
    column(`"updated_at"`),
    column(`"deleted_at"`),
  ].join(", ");
}

/** The quoted column of a side. */
export function sideColumn(sql: TableSql, side: SideName): string {
  return side === "left" ? sql.left : sql.right;
}
