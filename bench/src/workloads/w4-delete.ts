import type { BenchDb } from "../bench-db";
import { BENCH_TABLES, expectCount, recordIds, reseedLinks } from "../fixtures";
import { BRANDS, PRODUCTS, deleteBySql, productBrandRemoteLink } from "../product-brand";
import { feedWorkload } from "../feed-workload";
import type { InProcessWorkloadFactory } from "../workload";

/**
 * W4: `delete` by N product ids, link rows only (the brand side does not
 * cascade). Baseline: one `update ... where product_id = any($1)` stamping
 * the same deletion columns.
 */
export const w4Delete: InProcessWorkloadFactory = (db: BenchDb) => {
  const pair = BENCH_TABLES.links;
  const remoteLink = productBrandRemoteLink(pair.modlink, db.store);
  return {
    kind: "in-process",
    id: "W4",
    title: "delete by N ids, links only",
    size: (sizes) => ({ main: sizes.links, small: sizes.small }),
    async prepare(side, n) {
      const link = pair[side];
      await reseedLinks(db.sql, link, n, PRODUCTS, BRANDS);
      const ids = recordIds(PRODUCTS.prefix, n);
      let deleted = 0;
      const verify = async () => expectCount(`${side} links deleted`, deleted, n);
      if (side === "modlink") {
        return { call: async () => void (deleted = (await remoteLink.delete({ catalog: { product_id: ids } })).links[link.table] ?? 0), verify };
      }
      return { call: async () => void (deleted = await deleteBySql(db.sql, link, ids)), verify };
    },
  };
};

/** W4 with the change feed on: the same call also records one change per changed row. */
export const w4DeleteFeed = feedWorkload(w4Delete);
