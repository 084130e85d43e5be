import type { Knex } from "knex";
import { runSql } from "../driver/run-sql";
import { qualifiedName } from "../sql/sql-names";
import { type TrackedTable, readTrackedTables } from "./sync-tracking";

/** A column as the catalog has it. */
export interface ActualColumn {
  readonly type: string;
  readonly notNull: boolean;
}

/** A table as the catalog has it. */
export interface ActualTable {
  readonly columns: ReadonlyMap<string, ActualColumn>;
  readonly indexes: ReadonlySet<string>;
}

/** What sync needs to know of the database before planning. Read-only. */
export interface DatabaseState {
  readonly schemaExists: boolean;
  readonly tables: ReadonlyMap<string, ActualTable>;
  readonly tracked: ReadonlyMap<string, TrackedTable>;
  /** Tracked tables that are no longer defined and still hold rows. */
  readonly nonEmpty: ReadonlySet<string>;
}

/**
 * Reads the catalog for the defined tables and the tracked ones. A constant
 * number of statements, plus one row probe per table of a removed link.
 */
export async function inspectDatabase(db: Knex, schema: string, defined: readonly string[]): Promise<DatabaseState> {
  const schemaRow = await runSql(db, `select exists (select 1 from pg_catalog.pg_namespace where nspname = ?) as "exists"`, [schema]);
  const schemaExists = schemaRow.rows[0]?.exists === true;
  const tracked = schemaExists ? await readTrackedTables(db, schema) : new Map<string, TrackedTable>();
  const names = [...new Set([...defined, ...tracked.keys()])];
  const tables = schemaExists ? await readTables(db, schema, names) : new Map<string, ActualTable>();
  const nonEmpty = new Set<string>();
  for (const name of tracked.keys()) {
    if (defined.includes(name) || !tables.has(name)) continue;
    const probe = await runSql(db, `select exists (select 1 from ${qualifiedName(schema, name)}) as "has_rows"`);
    if (probe.rows[0]?.has_rows === true) nonEmpty.add(name);
  }
  return { schemaExists, tables, tracked, nonEmpty };
}

async function readTables(db: Knex, schema: string, names: readonly string[]): Promise<Map<string, ActualTable>> {
  const columns = await runSql(
    db,
    `select c.relname as "table_name", a.attname as "column_name", format_type(a.atttypid, a.atttypmod) as "column_type", a.attnotnull as "not_null" ` +
      `from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace join pg_catalog.pg_attribute a on a.attrelid = c.oid ` +
      `where n.nspname = ? and c.relname = any(?::text[]) and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
    [schema, names],
  );
  const indexes = await runSql(
    db,
    `select t.relname as "table_name", i.relname as "index_name" ` +
      `from pg_catalog.pg_index x join pg_catalog.pg_class t on t.oid = x.indrelid join pg_catalog.pg_class i on i.oid = x.indexrelid ` +
      `join pg_catalog.pg_namespace n on n.oid = t.relnamespace where n.nspname = ? and t.relname = any(?::text[])`,
    [schema, names],
  );
  const tables = new Map<string, { columns: Map<string, ActualColumn>; indexes: Set<string> }>();
  for (const row of columns.rows) {
    const table = tables.get(String(row.table_name)) ?? { columns: new Map(), indexes: new Set() };
    tables.set(String(row.table_name), table);
    table.columns.set(String(row.column_name), { type: String(row.column_type), notNull: row.not_null === true });
  }
  for (const row of indexes.rows) tables.get(String(row.table_name))?.indexes.add(String(row.index_name));
  return tables;
}
