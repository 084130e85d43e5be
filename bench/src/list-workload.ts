import type { BenchDb } from "./bench-db";
import { type TablePair, expectCount, q, recordIds, reseedLinks } from "./fixtures";
import { BRANDS, PRODUCTS, type ProductBrandLink, productBrandRemoteLink } from "./product-brand";
import type { Sizes } from "./options";
import type { InProcessWorkload } from "./workload";

/** What distinguishes W2 from W7: the table listed from and how big it is. */
export interface ListSpec {
  readonly id: string;
  readonly title: string;
  readonly pair: TablePair<ProductBrandLink>;
  readonly tableSize: (sizes: Sizes) => number;
}

/**
 * Lists the live links of given product ids from a seeded table. modlink:
 * `list({ catalog: { product_id: ids } })`, rows shaped for the caller;
 * baseline: one `select ... where product_id = any($1)` returning the same
 * columns (unordered: the fastest a user would write).
 */
export function listWorkload(db: BenchDb, spec: ListSpec): InProcessWorkload {
  const pair = spec.pair;
  const remoteLink = productBrandRemoteLink(pair.modlink, db.store);
  let tableSize = 0;
  return {
    kind: "in-process",
    id: spec.id,
    title: spec.title,
    size: (sizes) => ({ main: sizes.listIds, small: sizes.small, tableRows: spec.tableSize(sizes) }),
    async setup(sizes) {
      tableSize = spec.tableSize(sizes);
      for (const link of [pair.modlink, pair.baseline]) {
        await reseedLinks(db.sql, link, tableSize, PRODUCTS, BRANDS);
        // Both tables start equally vacuumed (visibility map set), as after autovacuum.
        if (db.backend === "postgres") await db.sql.query(`vacuum analyze ${q(link.table)}`);
      }
    },
    async prepare(side, n) {
      // Ids spread over the whole table, so the rows are not neighbours.
      const ids = recordIds(PRODUCTS.prefix, n, Math.max(1, Math.floor(tableSize / n)));
      let listed = 0;
      const verify = async () => expectCount(`${side} rows listed`, listed, n);
      if (side === "modlink") {
        return { call: async () => void (listed = (await remoteLink.list({ catalog: { product_id: ids } })).length), verify };
      }
      const link = pair.baseline;
      const text =
        `select "id", ${q(link.left.column)}, ${q(link.right.column)}, "created_at", "updated_at", "deleted_at" from ${q(link.table)} ` +
        `where ${q(link.left.column)} = any($1::text[]) and "deleted_at" is null`;
      return { call: async () => void (listed = (await db.sql.query(text, [ids])).rows.length), verify };
    },
  };
}
