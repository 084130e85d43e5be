import { type AnyLinkDefinition, LinkStoreError, type LinkStore, type LinkStoreTransaction, linkTableOf } from "@modlink/core";
import type { LinkFilter, StoredLink } from "@modlink/core/store";

/** A link row to list: live unless `dismissed`. */
export interface ListedLink {
  readonly left: string;
  readonly right: string;
  readonly dismissed?: boolean;
}

const AT = new Date("2024-01-01T00:00:00Z");

/**
 * A read-only `LinkStore` over link rows given up front. LinkQuery's unit
 * tests only read links; how real stores write and list them is
 * `@modlink/conformance`'s business (its query suite runs LinkQuery over
 * every store). Rows list in the order given, as stores list by id.
 */
export class ListedLinksStore implements LinkStore {
  readonly capabilities = { outerTransaction: false };
  readonly #rows = new Map<string, StoredLink[]>();

  constructor(links: ReadonlyArray<readonly [AnyLinkDefinition, readonly ListedLink[]]>) {
    for (const [definition, rows] of links) {
      const stored = rows.map(({ left, right, dismissed }, i): StoredLink => {
        const id = `link_${definition.table}_${String(i).padStart(4, "0")}`;
        return { id, left, right, data: {}, createdAt: AT, updatedAt: AT, deletedAt: dismissed === true ? AT : null };
      });
      this.#rows.set(linkTableOf(definition).name, stored);
    }
  }

  async transaction<T>(work: (tx: LinkStoreTransaction) => Promise<T>): Promise<T> {
    const refuse = (): never => {
      throw new LinkStoreError("STORE_FAILURE", "ListedLinksStore is read-only: give the rows to its constructor.");
    };
    return work({
      handle: undefined,
      lockRecords: async () => {},
      listLinks: async (table, filter) => this.#list(table.name, filter),
      upsertLinks: refuse,
      dismissLinks: refuse,
      dismissAllBut: refuse,
      softDeleteLinks: refuse,
      unmarkCascaded: refuse,
      idsWithLiveLinks: refuse,
      restoreLinks: refuse,
    });
  }

  async close(): Promise<void> {}

  #list(table: string, filter: LinkFilter): StoredLink[] {
    const left = filter.left && new Set(filter.left);
    const right = filter.right && new Set(filter.right);
    const pairs = filter.pairs && new Set(filter.pairs.map((pair) => `${pair.left}\u0000${pair.right}`));
    const found = (this.#rows.get(table) ?? []).filter(
      (row) =>
        (filter.withDeleted === true || row.deletedAt === null) &&
        (!left || left.has(row.left)) &&
        (!right || right.has(row.right)) &&
        (!pairs || pairs.has(`${row.left}\u0000${row.right}`)),
    );
    return filter.limit === undefined ? found : found.slice(0, filter.limit);
  }
}
