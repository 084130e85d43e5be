import type { BenchDb } from "../bench-db";
import { BENCH_TABLES, expectCount, q, reseedLinks } from "../fixtures";
import { BRANDS, PRODUCTS, pairArrays, pairInputs, productBrandRemoteLink } from "../product-brand";
import { feedWorkload } from "../feed-workload";
import type { InProcessWorkloadFactory } from "../workload";

/**
 * W3: dismiss N links in one call. Baseline: one `update ... from unnest`
 * joining the pairs, setting the same columns modlink's dismiss sets.
 */
export const w3Dismiss: InProcessWorkloadFactory = (db: BenchDb) => {
  const pair = BENCH_TABLES.links;
  const remoteLink = productBrandRemoteLink(pair.modlink, db.store);
  return {
    kind: "in-process",
    id: "W3",
    title: "dismiss N links, one call",
    size: (sizes) => ({ main: sizes.links, small: sizes.small }),
    async prepare(side, n) {
      const link = pair[side];
      await reseedLinks(db.sql, link, n, PRODUCTS, BRANDS);
      let dismissed = 0;
      const verify = async () => expectCount(`${side} links dismissed`, dismissed, n);
      if (side === "modlink") {
        const inputs = pairInputs(n);
        return { call: async () => void ({ dismissed } = await remoteLink.dismiss(inputs)), verify };
      }
      const { products, brands } = pairArrays(n);
      const left = q(link.left.column);
      const right = q(link.right.column);
      const text =
        `update ${q(link.table)} as t set "deleted_at" = now(), "updated_at" = now(), "deletion_id" = null, "deleted_from" = null, "cascaded" = false ` +
        `from unnest($1::text[], $2::text[]) as v("l", "r") where t.${left} = v."l" and t.${right} = v."r" and t."deleted_at" is null`;
      return { call: async () => void (dismissed = (await db.sql.query(text, [products, brands])).rowCount), verify };
    },
  };
};

/** W3 with the change feed on: the same call also records one change per changed row. */
export const w3DismissFeed = feedWorkload(w3Dismiss);
