import type { BenchDb } from "../bench-db";
import { BENCH_TABLES, expectCount, q, recordIds, reseedLinks } from "../fixtures";
import { BRANDS, PRODUCTS, deleteBySql, productBrandRemoteLink } from "../product-brand";
import type { WorkloadFactory } from "../workload";

/**
 * W5: `restore` the rows W4 deleted. Each side's reset deletes with its own
 * W4 call, so both restore the same stamped rows. Baseline: one `update`
 * reviving the rows deleted from the product side.
 */
export const w5Restore: WorkloadFactory = (db: BenchDb) => {
  const pair = BENCH_TABLES.links;
  const remoteLink = productBrandRemoteLink(pair.modlink, db.store);
  return {
    kind: "in-process",
    id: "W5",
    title: "restore the W4 rows",
    size: (sizes) => ({ main: sizes.links, small: sizes.small }),
    async prepare(side, n) {
      const link = pair[side];
      await reseedLinks(db.sql, link, n, PRODUCTS, BRANDS);
      const ids = recordIds(PRODUCTS.prefix, n);
      let restored = 0;
      const verify = async () => expectCount(`${side} links restored`, restored, n);
      // Planner statistics as autovacuum would leave them after the delete.
      const analyze = () => db.sql.query(`analyze ${q(link.table)}`);
      if (side === "modlink") {
        await remoteLink.delete({ catalog: { product_id: ids } });
        await analyze();
        return { call: async () => void (restored = (await remoteLink.restore({ catalog: { product_id: ids } })).links[link.table] ?? 0), verify };
      }
      await deleteBySql(db.sql, link, ids);
      await analyze();
      const text =
        `update ${q(link.table)} set "deleted_at" = null, "updated_at" = now(), "deletion_id" = null, "deleted_from" = null, "cascaded" = false ` +
        `where ${q(link.left.column)} = any($1::text[]) and "deleted_from" = 'left' and "deletion_id" is not null and "deleted_at" is not null`;
      return { call: async () => void (restored = (await db.sql.query(text, [ids])).rowCount), verify };
    },
  };
};
