import { RESERVED_TABLE_PREFIX } from "@modlink/core";
import { newLinkId } from "@modlink/core/store";
import type { Knex } from "knex";
import { runSql } from "../driver/run-sql";
import { qualifiedName } from "../sql/sql-names";

// Under core's reserved prefix, which defineLink refuses, so no link table can take these names.
/** Link tables sync manages, with the column defaults in effect (the catalog cannot compare them reliably). */
export const LINK_TABLES_TABLE = `${RESERVED_TABLE_PREFIX}link_tables`;
/** One row per applied sync step: what ran, when. */
export const MIGRATIONS_TABLE = `${RESERVED_TABLE_PREFIX}migrations`;

/** What sync remembers of one managed link table. */
export interface TrackedTable {
  readonly name: string;
  /** Column -> default SQL in effect (null: none). */
  readonly defaults: Readonly<Record<string, string | null>>;
}

/** One applied step, as recorded. */
export interface AppliedStep {
  readonly table: string;
  readonly kind: string;
  readonly sql: readonly string[];
}

export async function readTrackedTables(db: Knex, schema: string): Promise<Map<string, TrackedTable>> {
  const exists = await runSql(db, `select to_regclass(?) is not null as "exists"`, [qualifiedName(schema, LINK_TABLES_TABLE)]);
  if (exists.rows[0]?.exists !== true) return new Map();
  const { rows } = await runSql(db, `select "table_name", "column_defaults" from ${qualifiedName(schema, LINK_TABLES_TABLE)}`);
  return new Map(rows.map((row) => [String(row.table_name), { name: String(row.table_name), defaults: parseDefaults(row.column_defaults) }]));
}

function parseDefaults(value: unknown): Record<string, string | null> {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, string | null>) : {};
}

/** Creates the two tracking tables if missing (under the sync lock, so concurrent syncs do not race). */
export async function ensureTrackingTables(db: Knex, schema: string): Promise<void> {
  await runSql(
    db,
    `create table if not exists ${qualifiedName(schema, LINK_TABLES_TABLE)} (` +
      `"table_name" text primary key, "label" text not null, "column_defaults" jsonb not null, "synced_at" timestamptz not null default now())`,
  );
  await runSql(
    db,
    `create table if not exists ${qualifiedName(schema, MIGRATIONS_TABLE)} (` +
      `"id" text primary key, "table_name" text not null, "kind" text not null, "statements" jsonb not null, "applied_at" timestamptz not null default now())`,
  );
}

/** Records applied steps and the new state of tracked tables, one statement each. */
export async function recordSync(
  db: Knex,
  schema: string,
  change: { readonly applied: readonly AppliedStep[]; readonly tracked: readonly (TrackedTable & { label: string })[]; readonly untracked: readonly string[] },
): Promise<void> {
  if (change.applied.length > 0) {
    await runSql(
      db,
      `insert into ${qualifiedName(schema, MIGRATIONS_TABLE)} ("id", "table_name", "kind", "statements") ` +
        `select v.id, v.table_name, v.kind, v.statements::jsonb from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as v(id, table_name, kind, statements)`,
      [
        change.applied.map(() => newLinkId("sync")),
        change.applied.map((step) => step.table),
        change.applied.map((step) => step.kind),
        change.applied.map((step) => JSON.stringify(step.sql)),
      ],
    );
  }
  if (change.tracked.length > 0) {
    await runSql(
      db,
      `insert into ${qualifiedName(schema, LINK_TABLES_TABLE)} ("table_name", "label", "column_defaults") ` +
        `select v.table_name, v.label, v.column_defaults::jsonb from unnest(?::text[], ?::text[], ?::text[]) as v(table_name, label, column_defaults) ` +
        `on conflict ("table_name") do update set "label" = excluded."label", "column_defaults" = excluded."column_defaults", "synced_at" = now()`,
      [change.tracked.map((t) => t.name), change.tracked.map((t) => t.label), change.tracked.map((t) => JSON.stringify(t.defaults))],
    );
  }
  if (change.untracked.length > 0) {
    await runSql(db, `delete from ${qualifiedName(schema, LINK_TABLES_TABLE)} where "table_name" = any(?::text[])`, [change.untracked]);
  }
}
