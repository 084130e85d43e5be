import type { ChangeOperation, ChangeRead, LinkTable, PruneChanges, PrunedChanges, StoredChange } from "@modlink/core";
import type { MemoryRow } from "./memory-rows";

/** One changed row as a write reports it; the feed gives it its position. */
export type ChangeEntry = Omit<StoredChange, "position">;

/** What the writes of one unit of work report to, and what the store publishes when the unit succeeds. */
export interface ChangeDraft {
  record(entry: ChangeEntry): void;
  /** Appends the recorded changes to the feed. */
  commit(): void;
}

/** The draft of a store without a feed: it keeps nothing. */
export const NO_FEED: ChangeDraft = Object.freeze({ record() {}, commit() {} });

/**
 * One row's change: which row, the data the feed tells (null unless given),
 * and the deletion the write made or undid (null unless given).
 */
export function changeOf(
  table: LinkTable,
  row: MemoryRow,
  operation: ChangeOperation,
  at: Date,
  given: Partial<Pick<ChangeEntry, "data" | "deletionId">> = {},
): ChangeEntry {
  return { table: table.name, operation, linkId: row.id, left: row.left, right: row.right, data: given.data ?? null, deletionId: given.deletionId ?? null, at };
}

/**
 * The store's change feed: every committed change, the one at position `n`
 * at index `n - 1`. Units of work run one at a time, so a draft numbers its
 * changes right after what was committed when it began, and commit order is
 * position order.
 */
export class MemoryChangeFeed {
  readonly #changes: StoredChange[] = [];
  /** Changes pruned from the front: the change at position `n` sits at index `n - 1 - #pruned`. */
  #pruned = 0;
  readonly #cursors = new Map<string, bigint>();

  /** A draft for one unit of work; nothing it records is read until `commit`. */
  draft(): ChangeDraft {
    const committed = this.#changes;
    const base = this.#pruned + committed.length;
    const pending: StoredChange[] = [];
    return {
      record(entry) {
        pending.push({ ...copied(entry), position: String(base + pending.length + 1) });
      },
      commit() {
        // A loop, not push(...pending): a unit may change more rows than a call takes arguments.
        for (const change of pending) committed.push(change);
      },
    };
  }

  /** Up to `limit` changes after `after`, of the given tables only, in position order. */
  read(read: ChangeRead): StoredChange[] {
    const tables = new Set(read.tables.map((table) => table.name));
    const out: StoredChange[] = [];
    // The change after position `after` sits at index `after - #pruned`.
    const start = read.after === null ? 0 : Math.max(0, Math.min(Number(read.after) - this.#pruned, this.#changes.length));
    for (let index = start; index < this.#changes.length && out.length < read.limit; index++) {
      const change = this.#changes[index] as StoredChange;
      if (tables.has(change.table)) out.push(copied(change));
    }
    return out;
  }

  loadCursor(consumer: string): string | null {
    const cursor = this.#cursors.get(consumer);
    return cursor === undefined ? null : String(cursor);
  }

  /** A cursor never moves back. */
  saveCursor(consumer: string, position: string): void {
    const saved = this.#cursors.get(consumer);
    if (saved === undefined || BigInt(position) > saved) this.#cursors.set(consumer, BigInt(position));
  }

  /** Removes the changes `options` names from the front, never past the least consumer cursor. */
  prune(options: PruneChanges): PrunedChanges {
    const held = [...this.#cursors].sort(([a, x], [b, y]) => (x < y ? -1 : x > y ? 1 : a < b ? -1 : 1))[0];
    const limit = [options.through === undefined ? undefined : BigInt(options.through), held?.[1]].filter((v): v is bigint => v !== undefined);
    let pruned = 0;
    // Positions and times only grow along the array: prune from the front while a change qualifies.
    for (const change of this.#changes) {
      const position = BigInt(change.position);
      if (limit.some((bound) => position > bound)) break;
      if (options.before !== undefined && change.at >= options.before) break;
      pruned++;
    }
    this.#changes.splice(0, pruned);
    this.#pruned += pruned;
    return { pruned, heldBy: held ? { consumer: held[0], position: String(held[1]) } : null };
  }
}

/** Callers get copies, and the feed keeps its own: neither can change the other's data or dates. */
function copied<T extends ChangeEntry>(change: T): T {
  return { ...change, data: change.data === null ? null : structuredClone(change.data), at: new Date(change.at.getTime()) };
}
