import {
  CardinalityError,
  otherSide,
  sideOf,
  type DeletionStamp,
  type LinkFilter,
  type LinkPair,
  type LinkStoreTransaction,
  type LinkTable,
  type NewLink,
  type RecordIds,
  type RestoreTarget,
  type RestoredLink,
  type RestoredLinks,
  type SideName,
  type SoftDeleteOptions,
  type SoftDeleted,
  type StoredLink,
  type WriteOutcome,
  type WrittenLink,
} from "@modlink/core";
import { newLinkId } from "@modlink/core/store";
import { type ChangeDraft, changeOf } from "./memory-changes";
import { type MemoryRow, type MemoryTable, pairKey } from "./memory-rows";

const isLive = (row: MemoryRow) => row.deletedAt === null;

/**
 * The store's operations over a private copy of the tables, reporting each
 * row they change to the unit's draft of the change feed; the store
 * publishes both only when the whole unit of work succeeded.
 */
export class MemoryTransaction implements LinkStoreTransaction {
  readonly handle: unknown = this;
  readonly #tables: Map<string, MemoryTable>;
  readonly #changes: ChangeDraft;

  constructor(tables: Map<string, MemoryTable>, changes: ChangeDraft) {
    this.#tables = tables;
    this.#changes = changes;
  }

  #rows(table: LinkTable): MemoryTable {
    let rows = this.#tables.get(table.name);
    if (!rows) this.#tables.set(table.name, (rows = new Map()));
    return rows;
  }

  /** Units of work run one at a time here: there is nothing to wait for. */
  async lockRecords(_records: readonly RecordIds[]): Promise<void> {}

  async upsertLinks(table: LinkTable, links: readonly NewLink[]): Promise<void> {
    this.#upsert(table, links);
  }

  async upsertLinksReturning(table: LinkTable, links: readonly NewLink[]): Promise<WrittenLink[]> {
    const outcomes = this.#upsert(table, links);
    const rows = this.#rows(table);
    return links.map((link, at) => ({ ...toStored(rows.get(pairKey(link.left, link.right)) as MemoryRow), outcome: outcomes[at] as WriteOutcome }));
  }

  /** Writes the links and returns what happened to each, in their order. */
  #upsert(table: LinkTable, links: readonly NewLink[]): WriteOutcome[] {
    const rows = this.#rows(table);
    const now = new Date();
    const outcomes: WriteOutcome[] = [];
    for (const link of links) {
      const key = pairKey(link.left, link.right);
      const given = givenData(link);
      const row = rows.get(key);
      if (!row) {
        const defaults = Object.fromEntries(Object.entries(table.extraColumns).map(([name, column]) => [name, column.default ?? null]));
        const created: MemoryRow = {
          id: newLinkId(table.idPrefix),
          left: link.left,
          right: link.right,
          data: { ...defaults, ...given },
          createdAt: now,
          updatedAt: now,
          deletedAt: null,
          deletionId: null,
          deletedFrom: null,
          cascaded: false,
        };
        rows.set(key, created);
        this.#changes.record(changeOf(table, created, "created", now, { data: created.data }));
        outcomes.push("created");
        continue;
      }
      const wasLive = isLive(row);
      // A live link created again without data is left as it is, updated_at too: nothing changed.
      if (wasLive && Object.keys(given).length === 0) {
        outcomes.push("unchanged");
        continue;
      }
      Object.assign(row.data, given);
      Object.assign(row, { updatedAt: now, deletedAt: null, deletionId: null, deletedFrom: null, cascaded: false });
      if (!wasLive) this.#changes.record(changeOf(table, row, "revived", now, { data: given }));
      else this.#changes.record(changeOf(table, row, "updated", now, { data: given }));
      outcomes.push(wasLive ? "updated" : "revived");
    }
    this.#assertCardinality(table, rows);
    return outcomes;
  }

  #assertCardinality(table: LinkTable, rows: MemoryTable): void {
    for (const side of ["left", "right"] as const) {
      const { unique, key } = sideOf(table, side);
      if (!unique) continue;
      const seen = new Set<string>();
      for (const row of rows.values()) {
        if (!isLive(row)) continue;
        if (seen.has(row[side])) throw new CardinalityError({ link: table.label, key, id: row[side] });
        seen.add(row[side]);
      }
    }
  }

  async dismissLinks(table: LinkTable, pairs: readonly LinkPair[]): Promise<number> {
    return this.#dismissPairs(table, pairs).length;
  }

  async dismissLinksReturning(table: LinkTable, pairs: readonly LinkPair[]): Promise<StoredLink[]> {
    return this.#dismissPairs(table, pairs).map(toStored);
  }

  /** Dismisses the live rows of these pairs and returns them. */
  #dismissPairs(table: LinkTable, pairs: readonly LinkPair[]): MemoryRow[] {
    const rows = this.#rows(table);
    const dismissed: MemoryRow[] = [];
    const now = new Date();
    for (const pair of pairs) {
      const row = rows.get(pairKey(pair.left, pair.right));
      if (row && isLive(row)) {
        this.#dismiss(table, row, now);
        dismissed.push(row);
      }
    }
    return dismissed;
  }

  async dismissAllBut(table: LinkTable, anchorSide: SideName, anchors: readonly string[], keep: readonly LinkPair[]): Promise<number> {
    const anchorSet = new Set(anchors);
    const keepSet = new Set(keep.map((p) => pairKey(p.left, p.right)));
    let count = 0;
    const now = new Date();
    for (const [key, row] of this.#rows(table)) {
      if (isLive(row) && anchorSet.has(row[anchorSide]) && !keepSet.has(key)) {
        this.#dismiss(table, row, now);
        count++;
      }
    }
    return count;
  }

  #dismiss(table: LinkTable, row: MemoryRow, now: Date): void {
    Object.assign(row, { deletedAt: now, updatedAt: now, deletionId: null, deletedFrom: null, cascaded: false });
    this.#changes.record(changeOf(table, row, "dismissed", now));
  }

  async listLinks(table: LinkTable, filter: LinkFilter): Promise<StoredLink[]> {
    const left = filter.left && new Set(filter.left);
    const right = filter.right && new Set(filter.right);
    const pairs = filter.pairs && new Set(filter.pairs.map((p) => pairKey(p.left, p.right)));
    return [...this.#rows(table).entries()]
      .filter(
        ([key, row]) =>
          (filter.withDeleted || isLive(row)) &&
          (!left || left.has(row.left)) &&
          (!right || right.has(row.right)) &&
          (!pairs || pairs.has(key)) &&
          (filter.after === undefined || row.id > filter.after),
      )
      .map(([, row]) => toStored(row))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, filter.limit);
  }

  async softDeleteLinks(table: LinkTable, side: SideName, ids: readonly string[], stamp: DeletionStamp, options: SoftDeleteOptions): Promise<SoftDeleted> {
    const idSet = new Set(ids);
    const pairs: LinkPair[] = [];
    let count = 0;
    for (const row of this.#rows(table).values()) {
      if (!isLive(row) || !idSet.has(row[side])) continue;
      Object.assign(row, { deletedAt: stamp.at, updatedAt: stamp.at, deletionId: stamp.deletionId, deletedFrom: side, cascaded: options.cascade });
      this.#changes.record(changeOf(table, row, "deleted", stamp.at, { deletionId: stamp.deletionId }));
      count++;
      if (options.cascade) pairs.push({ left: row.left, right: row.right });
    }
    return { count, pairs };
  }

  async unmarkCascaded(table: LinkTable, side: SideName, ids: readonly string[], deletionId: string, partners: readonly string[]): Promise<void> {
    const idSet = new Set(ids);
    const partnerSet = new Set(partners);
    const partnerSide = otherSide(side);
    for (const row of this.#rows(table).values()) {
      if (row.deletionId === deletionId && row.deletedFrom === side && idSet.has(row[side]) && partnerSet.has(row[partnerSide])) row.cascaded = false;
    }
  }

  async idsWithLiveLinks(table: LinkTable, side: SideName, ids: readonly string[]): Promise<string[]> {
    const idSet = new Set(ids);
    const live = new Set<string>();
    for (const row of this.#rows(table).values()) if (isLive(row) && idSet.has(row[side])) live.add(row[side]);
    return [...live];
  }

  async restoreLinks(table: LinkTable, side: SideName, targets: readonly RestoreTarget[]): Promise<RestoredLinks> {
    const byId = new Map<string, Set<string | null>>();
    for (const t of targets) (byId.get(t.id) ?? byId.set(t.id, new Set()).get(t.id))?.add(t.deletionId);
    const rows = this.#rows(table);
    const cascaded: RestoredLink[] = [];
    let count = 0;
    const now = new Date();
    for (const row of rows.values()) {
      const wanted = byId.get(row[side]);
      if (!wanted || row.deletionId === null || row.deletedFrom !== side) continue;
      if (!wanted.has(null) && !wanted.has(row.deletionId)) continue;
      count++;
      if (row.cascaded) cascaded.push({ left: row.left, right: row.right, deletionId: row.deletionId });
      this.#changes.record(changeOf(table, row, "restored", now, { deletionId: row.deletionId }));
      Object.assign(row, { deletedAt: null, updatedAt: now, deletionId: null, deletedFrom: null, cascaded: false });
    }
    this.#assertCardinality(table, rows);
    return { count, cascaded };
  }
}

/** The columns a create gave: a key whose value is undefined was not given. */
function givenData(link: NewLink): Record<string, unknown> {
  return Object.fromEntries(Object.entries(link.data).filter(([, value]) => value !== undefined));
}

function toStored(row: MemoryRow): StoredLink {
  return {
    id: row.id,
    left: row.left,
    right: row.right,
    data: { ...row.data },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}
