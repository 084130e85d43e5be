import type { AnyLinkDefinition } from "@modlink/core";
import { toSnakeCase } from "@modlink/core/store";
import type { Knex } from "knex";
import { linkedKeys } from "./link-sets";

/** One model of a module, kept in a real table: `(id, deleted_at, deletion_id)`. */
export interface RecordTable {
  readonly module: string;
  readonly model: string;
  readonly key: string;
  /** Unquoted table name inside the test's schema. */
  readonly name: string;
}

/** A record as stored: live, or deleted under one deletion id. */
export interface StoredRecord {
  readonly module: string;
  readonly key: string;
  readonly id: string;
  readonly deletionId: string | null;
}

/** The record tables of every (module, model) the links join. */
export function recordTablesOf(links: readonly AnyLinkDefinition[]): RecordTable[] {
  return linkedKeys(links).map(({ module, model, key }) => ({ module, model, key, name: `rec_${toSnakeCase(module)}_${model}` }));
}

export function qualified(schema: string, table: RecordTable): string {
  return `"${schema}"."${table.name}"`;
}

/** Creates (or empties) the record tables and inserts `ids[key]` as live records. */
export async function seedRecordTables(
  knex: Knex,
  schema: string,
  tables: readonly RecordTable[],
  ids: Readonly<Record<string, readonly string[]>>,
): Promise<void> {
  for (const table of tables) {
    await knex.raw(`create table if not exists ${qualified(schema, table)} ("id" text primary key, "deleted_at" timestamptz, "deletion_id" text)`);
  }
  await knex.raw(`truncate ${tables.map((table) => qualified(schema, table)).join(", ")}`);
  for (const table of tables) {
    const wanted = ids[table.key] ?? [];
    if (wanted.length > 0) await knex.raw(`insert into ${qualified(schema, table)} ("id") select unnest(?::text[])`, [[...wanted]]);
  }
}

/** Every record of every table, sorted, as stored. */
export async function readRecordTables(knex: Knex, schema: string, tables: readonly RecordTable[]): Promise<StoredRecord[]> {
  const union = tables
    .map((table, i) => `select ${i} as "t", "id", "deletion_id", "deleted_at" is not null as "deleted" from ${qualified(schema, table)}`)
    .join(" union all ");
  const result = await knex.raw(`${union} order by 1, 2`);
  return (result.rows as { t: number; id: string; deletion_id: string | null; deleted: boolean }[]).map((row) => {
    const table = tables[Number(row.t)] as RecordTable;
    if (row.deleted !== (row.deletion_id !== null)) throw new Error(`record ${table.name}.${row.id}: deleted_at and deletion_id disagree`);
    return { module: table.module, key: table.key, id: row.id, deletionId: row.deletion_id };
  });
}
