import { type AnyLinkDefinition, type LinkTable, linkTableOf } from "@modlink/core";
import type { RecordModule } from "@modlink/conformance";
import { canonical, normaliseValue } from "./canonical";
import type { LinkSet } from "./link-sets";
import { linkedKeys } from "./link-sets";
import type { RawRow, StoreUnderTest } from "./store-under-test";

/** A link row with everything two stores must agree on, and nothing they may differ in (row ids, clocks). */
export interface NormalRow {
  readonly table: string;
  readonly left: string;
  readonly right: string;
  readonly live: boolean;
  readonly data: string;
  /** The cascade that deleted the row, as a label both stores share, or null. */
  readonly deletion: string | null;
  readonly deletedFrom: unknown;
  readonly cascaded: boolean;
}

/** Names a deletion id by the step that made it; ids themselves are random per store. */
export type DeletionLabels = ReadonlyMap<string, string>;

function normaliseRow(table: LinkTable, row: RawRow, labels: DeletionLabels): NormalRow {
  const data = Object.fromEntries(Object.entries(table.extraColumns).map(([name, column]) => [name, normaliseValue(column.type, row[name])]));
  const deletionId = row.deletion_id === null || row.deletion_id === undefined ? null : String(row.deletion_id);
  return {
    table: table.name,
    left: String(row[table.left.column]),
    right: String(row[table.right.column]),
    live: row.deleted_at === null,
    data: canonical(data),
    deletion: deletionId === null ? null : (labels.get(deletionId) ?? `unknown deletion ${deletionId}`),
    deletedFrom: row.deleted_from ?? null,
    cascaded: row.cascaded === true,
  };
}

/** The raw rows of every table of a link set, read once per check. */
export interface RawTable {
  readonly table: LinkTable;
  readonly rows: readonly RawRow[];
}

export async function readRawTables(store: StoreUnderTest, links: readonly AnyLinkDefinition[]): Promise<RawTable[]> {
  const tables = links.map(linkTableOf);
  const rows = await store.rawTables(tables);
  return tables.map((table, i) => ({ table, rows: rows[i] ?? [] }));
}

/** Every link row, normalised and sorted. */
export function normaliseState(tables: readonly RawTable[], labels: DeletionLabels = new Map()): NormalRow[] {
  const rows = tables.flatMap(({ table, rows }) => rows.map((row) => normaliseRow(table, row, labels)));
  return rows.sort((a, b) => compareText(canonical(a), canonical(b)));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Which pool records each module has soft-deleted, by module, key and id. */
export function readModuleState(set: LinkSet, modules: ReadonlyMap<string, RecordModule>): string[] {
  const deleted: string[] = [];
  for (const { module, model, key } of linkedKeys(set.links)) {
    for (const id of set.pools[module]?.[key] ?? []) {
      if (modules.get(module)?.isDeleted(model, id)) deleted.push(canonical([module, key, id]));
    }
  }
  return deleted.sort();
}

/**
 * Rules every store's rows obey whatever happened: ids carry the link's
 * prefix, live rows carry no deletion stamp, stamped rows are deleted, and a
 * "one" side never has two live rows. Returns the broken ones, in words.
 */
export function brokenInvariants(storeName: string, tables: readonly RawTable[]): string[] {
  const broken: string[] = [];
  for (const { table, rows } of tables) {
    const liveBySide = { left: new Map<string, number>(), right: new Map<string, number>() };
    for (const row of rows) {
      const where = `${storeName} ${table.name} (${String(row[table.left.column])}, ${String(row[table.right.column])})`;
      if (!String(row.id).startsWith(`${table.idPrefix}_`)) broken.push(`${where}: id ${String(row.id)} lacks prefix ${table.idPrefix}_`);
      const live = row.deleted_at === null;
      if (live && (row.deletion_id !== null || row.deleted_from !== null || row.cascaded !== false)) broken.push(`${where}: live row carries a deletion stamp`);
      if (row.deletion_id !== null && (live || !["left", "right"].includes(String(row.deleted_from))))
        broken.push(`${where}: stamped row is live or has no side`);
      if (!live) continue;
      for (const side of ["left", "right"] as const) {
        const id = String(row[table[side].column]);
        liveBySide[side].set(id, (liveBySide[side].get(id) ?? 0) + 1);
      }
    }
    for (const side of ["left", "right"] as const) {
      if (!table[side].unique) continue;
      for (const [id, count] of liveBySide[side]) if (count > 1) broken.push(`${storeName} ${table.name}: ${count} live rows for ${table[side].key} ${id}`);
    }
  }
  return broken;
}

/**
 * Row ids by pair, to check that a pair keeps its id for ever (creates of an
 * existing or soft-deleted pair reuse the row).
 */
export function rowIds(tables: readonly RawTable[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const { table, rows } of tables) {
    for (const row of rows) ids.set(canonical([table.name, row[table.left.column], row[table.right.column]]), String(row.id));
  }
  return ids;
}
