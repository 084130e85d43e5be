import type { SideName } from "./define-link";
import type { LinkTable } from "./link-table";

/**
 * Records a cascade level reached through a link table on a side that has
 * at most one live row per record, by table and side.
 *
 * A record reached that way had exactly one live row there, the one the
 * previous level just changed, so the next level can skip that table from
 * that side for it: a delete would find no live row left, and a restore of
 * the same deletion no row deleted from that side (the deletion reached the
 * record through its one row, from the other side). Saves a statement per
 * level of a chain of one-to-many links.
 */
export class ArrivedThrough {
  readonly #ids = new Map<LinkTable, Map<SideName, Set<string>>>();

  /** Notes that `ids` were reached through `table` on `side`, when that side is unique there. */
  add(table: LinkTable, side: SideName, ids: Iterable<string>): void {
    if (!table[side].unique) return;
    let bySide = this.#ids.get(table);
    if (!bySide) this.#ids.set(table, (bySide = new Map()));
    let set = bySide.get(side);
    if (!set) bySide.set(side, (set = new Set()));
    for (const id of ids) set.add(id);
  }

  /** The items whose id was not reached through `table` on `side`. */
  others<T>(table: LinkTable, side: SideName, items: readonly T[], idOf: (item: T) => string): readonly T[] {
    const reached = this.#ids.get(table)?.get(side);
    return reached === undefined ? items : items.filter((item) => !reached.has(idOf(item)));
  }
}
