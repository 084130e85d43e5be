import type { SideName } from "@modlink/core";

/** One row of an in-memory link table, mirroring the SQL table's columns. */
export interface MemoryRow {
  id: string;
  left: string;
  right: string;
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  /** Set by a cascade delete; null for live and dismissed rows. */
  deletionId: string | null;
  deletedFrom: SideName | null;
  cascaded: boolean;
}

/** Rows of one table by pair; the pair is unique forever, as in SQL. */
export type MemoryTable = Map<string, MemoryRow>;

export function pairKey(left: string, right: string): string {
  // Never parsed back: only compared.
  return JSON.stringify([left, right]);
}

export function cloneTables(tables: ReadonlyMap<string, MemoryTable>): Map<string, MemoryTable> {
  const copy = new Map<string, MemoryTable>();
  for (const [name, rows] of tables) {
    const rowsCopy: MemoryTable = new Map();
    for (const [key, row] of rows) rowsCopy.set(key, { ...row, data: { ...row.data } });
    copy.set(name, rowsCopy);
  }
  return copy;
}
