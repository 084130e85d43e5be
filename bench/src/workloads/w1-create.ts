import type { BenchDb } from "../bench-db";
import { BENCH_TABLES, expectCount, liveRows, q } from "../fixtures";
import { createBySql, pairArrays, pairInputs, productBrandRemoteLink } from "../product-brand";
import { feedWorkload } from "../feed-workload";
import type { InProcessWorkloadFactory } from "../workload";

/** W1: create N links in one call into an empty link table. */
export const w1Create: InProcessWorkloadFactory = (db: BenchDb) => {
  const pair = BENCH_TABLES.links;
  const remoteLink = productBrandRemoteLink(pair.modlink, db.store);
  return {
    kind: "in-process",
    id: "W1",
    title: "create N links, one call, empty table",
    size: (sizes) => ({ main: sizes.links, small: sizes.small }),
    async prepare(side, n) {
      const link = pair[side];
      await db.sql.query(`truncate table ${q(link.table)}`);
      const verify = async () => expectCount(`${side} live rows after create`, await liveRows(db.sql, link), n);
      if (side === "modlink") {
        const inputs = pairInputs(n);
        return { call: () => remoteLink.create(inputs), verify };
      }
      const { products, brands } = pairArrays(n);
      return { call: async () => void (await createBySql(db.sql, link, products, brands)), verify };
    },
  };
};

/** W1 with the change feed on: the same call also records one change per changed row. */
export const w1CreateFeed = feedWorkload(w1Create);
