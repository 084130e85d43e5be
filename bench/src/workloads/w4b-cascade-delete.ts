import type { BenchDb } from "../bench-db";
import { type CascadeCounts, cascadeFixture, expectCascade } from "../cascade";
import type { WorkloadFactory } from "../workload";

/**
 * W4b: `delete` N shop products, cascading to two modules (inventory items,
 * then their stock levels) whose tables are in the same database and who
 * declare `sqlSoftDelete`, so each level is one statement with its link
 * rows. Baseline: one statement of four data-modifying CTEs.
 */
export const w4bCascadeDelete: WorkloadFactory = (db: BenchDb) => {
  const fixture = cascadeFixture(db);
  return {
    kind: "in-process",
    id: "W4b",
    title: "delete by N ids, 3-level cascade",
    size: (sizes) => ({ main: sizes.links, small: sizes.small }),
    setup: () => fixture.setup(),
    async prepare(side, n) {
      await fixture.reseed(side, n);
      const roots = fixture.roots(n);
      let counts: CascadeCounts | undefined;
      const run = side === "modlink" ? fixture.deleteWithModlink : fixture.deleteBySql;
      return {
        call: async () => void (counts = await run(roots)),
        verify: async () => expectCascade(`${side} cascade delete`, counts, n),
      };
    },
  };
};
