import { LinkStoreError } from "@modlink/core";
import type { ColumnSpec, IndexSpec, LinkTableSchema } from "./link-table-schema";
import { columnDefinition, createTableStatements } from "./link-table-schema";
import type { ActualTable, DatabaseState } from "./inspect-database";
import { linkIndexNames, qualifiedName, quoteIdentifier } from "../sql/sql-names";

/** Every kind of change sync can plan. */
export const SyncStepKinds = [
  "create_schema",
  "create_table",
  "add_column",
  "alter_column_type",
  "alter_column_nullability",
  "alter_column_default",
  "drop_column",
  "create_index",
  "change_cardinality",
  "drop_table",
] as const;
export type SyncStepKind = (typeof SyncStepKinds)[number];

/** Options a step needs before sync applies it. */
export const SyncPermissions = ["allowDestructive", "dropTables"] as const;
export type SyncPermission = (typeof SyncPermissions)[number];

/** One change sync found, before deciding whether to apply it. */
export interface PlannedStep {
  readonly kind: SyncStepKind;
  /** The link table (the schema, for `create_schema`). */
  readonly table: string;
  readonly column?: string;
  /** What the step does and what it risks, in words. */
  readonly description: string;
  /** The exact statements, run in order. */
  readonly sql: readonly string[];
  /** May lose data or fail on existing rows. */
  readonly destructive: boolean;
  /**
   * Options that must be set for sync to apply it: its own, and those of the
   * steps it depends on (an index on a column being added needs what adding
   * the column needs). Empty for safe steps.
   */
  readonly requires: readonly SyncPermission[];
}

const SAFE: readonly SyncPermission[] = [];
const DESTRUCTIVE: readonly SyncPermission[] = ["allowDestructive"];

/**
 * Compares the desired link tables with the database. Pure: the same inputs
 * give the same steps, in the order they must run.
 */
export function planSync(schema: string, desired: readonly LinkTableSchema[], state: DatabaseState): PlannedStep[] {
  const steps: PlannedStep[] = [];
  if (!state.schemaExists && desired.length > 0) {
    steps.push({
      kind: "create_schema",
      table: schema,
      description: `Create schema "${schema}".`,
      sql: [`create schema ${quoteIdentifier(schema)}`],
      destructive: false,
      requires: SAFE,
    });
  }
  for (const table of desired) {
    const actual = state.tables.get(table.table.name);
    if (actual) steps.push(...planExistingTable(table, actual, state.tracked.get(table.table.name)?.defaults));
    else
      steps.push({
        kind: "create_table",
        table: table.table.name,
        description: `Create link table "${table.table.name}" (${table.table.label}) and its indexes.`,
        sql: createTableStatements(table),
        destructive: false,
        requires: SAFE,
      });
  }
  const defined = new Set(desired.map((table) => table.table.name));
  for (const name of state.tracked.keys()) {
    if (defined.has(name) || !state.tables.has(name)) continue;
    const holdsRows = state.nonEmpty.has(name);
    steps.push({
      kind: "drop_table",
      table: name,
      description: `Drop link table "${name}": no link defines it any more${holdsRows ? "; it still holds rows, which would be lost" : " and it is empty"}.`,
      sql: [`drop table ${qualifiedName(schema, name)}`],
      destructive: true,
      requires: holdsRows ? ["allowDestructive", "dropTables"] : DESTRUCTIVE,
    });
  }
  return steps;
}

function planExistingTable(table: LinkTableSchema, actual: ActualTable, trackedDefaults: Readonly<Record<string, string | null>> | undefined): PlannedStep[] {
  const name = table.table.name;
  const alter = `alter table ${table.qualified}`;
  const steps: PlannedStep[] = [];
  for (const column of table.columns) {
    const existing = actual.columns.get(column.name);
    const quoted = quoteIdentifier(column.name);
    if (!existing) {
      steps.push(addColumn(table, column));
      continue;
    }
    const typeChanged = existing.type !== column.catalogType;
    if (typeChanged) {
      steps.push({
        kind: "alter_column_type",
        table: name,
        column: column.name,
        description:
          `Change column "${name}"."${column.name}" from ${existing.type} to ${column.catalogType}; ` +
          "existing values are cast, which may fail or lose data.",
        sql: [
          `${alter} alter column ${quoted} drop default`,
          `${alter} alter column ${quoted} type ${column.type} using ${quoted}::${column.type}`,
          ...(column.defaultSql === null ? [] : [`${alter} alter column ${quoted} set default ${column.defaultSql}`]),
        ],
        destructive: true,
        requires: DESTRUCTIVE,
      });
    }
    if (existing.notNull !== column.notNull) steps.push(changeNullability(table, column));
    const trackedDefault = trackedDefaults?.[column.name];
    if (column.role === "extra" && !typeChanged && trackedDefault !== undefined && trackedDefault !== column.defaultSql) {
      steps.push({
        kind: "alter_column_default",
        table: name,
        column: column.name,
        description: `Set the default of "${name}"."${column.name}" to ${column.defaultSql ?? "none"} (existing rows keep their values).`,
        sql: [`${alter} alter column ${quoted} ${column.defaultSql === null ? "drop default" : `set default ${column.defaultSql}`}`],
        destructive: false,
        requires: SAFE,
      });
    }
  }
  const wanted = new Set(table.columns.map((column) => column.name));
  for (const column of actual.columns.keys()) {
    if (wanted.has(column)) continue;
    steps.push({
      kind: "drop_column",
      table: name,
      column,
      description: `Drop column "${name}"."${column}": it is not among the link's columns any more; its values are lost.`,
      sql: [`${alter} drop column ${quoteIdentifier(column)}`],
      destructive: true,
      requires: DESTRUCTIVE,
    });
  }
  const added = new Map(steps.flatMap((step) => (step.kind === "add_column" && step.column !== undefined ? [[step.column, step] as const] : [])));
  return [...steps, ...planIndexes(table, actual, added)];
}

function addColumn(table: LinkTableSchema, column: ColumnSpec): PlannedStep {
  // Key and id columns have no default: adding one fails on a table with rows.
  const risky = column.role === "key" || column.role === "id";
  return {
    kind: "add_column",
    table: table.table.name,
    column: column.name,
    description: risky
      ? `Add key column "${table.table.name}"."${column.name}": the link's keys changed; ` +
        "this fails if the table holds rows (rename the old column yourself instead)."
      : `Add column "${table.table.name}"."${column.name}" (${column.type}${column.notNull ? `, default ${column.defaultSql}` : ", nullable"}).`,
    sql: [`alter table ${table.qualified} add column ${columnDefinition(column)}`],
    destructive: risky,
    requires: risky ? DESTRUCTIVE : SAFE,
  };
}

function changeNullability(table: LinkTableSchema, column: ColumnSpec): PlannedStep {
  const quoted = quoteIdentifier(column.name);
  const alter = `alter table ${table.qualified}`;
  const where = `"${table.table.name}"."${column.name}"`;
  if (!column.notNull) {
    return {
      kind: "alter_column_nullability",
      table: table.table.name,
      column: column.name,
      description: `Allow null in ${where}.`,
      sql: [`${alter} alter column ${quoted} drop not null`],
      destructive: false,
      requires: SAFE,
    };
  }
  return {
    kind: "alter_column_nullability",
    table: table.table.name,
    column: column.name,
    description: `Make ${where} not null: existing nulls are overwritten with the default.`,
    sql: [
      ...(column.defaultSql === null ? [] : [`update ${table.qualified} set ${quoted} = ${column.defaultSql} where ${quoted} is null`]),
      `${alter} alter column ${quoted} set not null`,
    ],
    destructive: true,
    requires: DESTRUCTIVE,
  };
}

/**
 * Missing indexes, each after the columns it reads: an index on a column that
 * is being added needs the options the add needs, so a refused add (a renamed
 * key) refuses its indexes too instead of failing on an undefined column.
 */
function planIndexes(table: LinkTableSchema, actual: ActualTable, added: ReadonlyMap<string, PlannedStep>): PlannedStep[] {
  const name = table.table.name;
  const steps: PlannedStep[] = [];
  for (const index of table.indexes) {
    const pending = index.columns.filter((column) => !actual.columns.has(column));
    // An existing index reading a column that does not exist yet was built on other columns (the old key): rebuild it.
    const rebuild = pending.length > 0 && actual.indexes.has(index.name);
    if (actual.indexes.has(index.name) && !rebuild) continue;
    const own = index.cardinality === null ? SAFE : DESTRUCTIVE;
    const requires = unionOf([own, ...pending.map((column) => columnStep(index, column, added).requires)]);
    const after = pending.length === 0 ? "" : ` once ${pending.map((column) => `"${name}"."${column}"`).join(" and ")} is added`;
    const sql = rebuild ? [`drop index if exists ${qualifiedName(table.schema, index.name)}`, index.sql] : [index.sql];
    if (index.cardinality === null) {
      const action = rebuild ? `Rebuild index "${index.name}" on "${name}" over the new key columns` : `Create index "${index.name}" on "${name}"`;
      steps.push({ kind: "create_index", table: name, description: `${action}${after}.`, sql, destructive: false, requires });
      continue;
    }
    const key = (index.cardinality === "left" ? table.table.left : table.table.right).key;
    steps.push({
      kind: "change_cardinality",
      table: name,
      description: `Allow one live link per "${key}" in "${name}" (unique index "${index.name}"${after}); fails if live rows already break it.`,
      sql,
      destructive: true,
      requires,
    });
  }
  const names = linkIndexNames(table.table);
  const stale = [
    { index: names.leftLive, wanted: table.table.left.unique, key: table.table.left.key },
    { index: names.rightLive, wanted: table.table.right.unique, key: table.table.right.key },
  ].filter((entry) => !entry.wanted && actual.indexes.has(entry.index));
  for (const entry of stale) {
    steps.push({
      kind: "change_cardinality",
      table: name,
      description: `Allow several live links per "${entry.key}" in "${name}" (drop unique index "${entry.index}").`,
      sql: [`drop index ${qualifiedName(table.schema, entry.index)}`],
      destructive: true,
      requires: DESTRUCTIVE,
    });
  }
  return steps;
}

function columnStep(index: IndexSpec, column: string, added: ReadonlyMap<string, PlannedStep>): PlannedStep {
  const step = added.get(column);
  if (step === undefined)
    throw new LinkStoreError(
      "STORE_FAILURE",
      `Sync planned index "${index.name}" on column "${column}", which neither exists nor is added. This is a bug in @modlink/knex.`,
    );
  return step;
}

/** Every option any of `sets` needs, in the canonical order. */
function unionOf(sets: readonly (readonly SyncPermission[])[]): readonly SyncPermission[] {
  return SyncPermissions.filter((option) => sets.some((set) => set.includes(option)));
}
