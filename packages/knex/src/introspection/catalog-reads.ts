import type { Knex } from "knex";
import { runSql } from "../driver/run-sql";
import { escapedQualifiedName } from "../sql/sql-names";

/**
 * The catalog reads tools make beside sync (the CLI's `doctor`), here so
 * that every catalog query of the PostgreSQL store lives in one place. Names
 * are bound, or escaped where a statement must name a table.
 */

/** Tables (plain or partitioned) of `schema` whose name starts with `prefix`, sorted. */
export async function tablesNamedWith(db: Knex, schema: string, prefix: string): Promise<string[]> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const result = await runSql(
    db,
    `select c.relname as "name" from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace ` +
      `where n.nspname = ? and c.relkind in ('r', 'p') and c.relname like ? order by c.relname`,
    [schema, pattern],
  );
  return result.rows.map((row) => String(row.name));
}

/** Whether the table holds at least one row (reads one, at most). */
export async function tableHoldsRows(db: Knex, schema: string, table: string): Promise<boolean> {
  const result = await runSql(db, `select exists (select 1 from ${escapedQualifiedName(schema, table)}) as "has_rows"`);
  return result.rows[0]?.has_rows === true;
}

/** The table's column names, in order; empty when there is no such table. */
export async function tableColumns(db: Knex, schema: string, table: string): Promise<string[]> {
  const result = await runSql(
    db,
    `select a.attname as "name" from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid ` +
      `join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = ? and c.relname = ? and a.attnum > 0 and not a.attisdropped ` +
      `order by a.attnum`,
    [schema, table],
  );
  return result.rows.map((row) => String(row.name));
}
