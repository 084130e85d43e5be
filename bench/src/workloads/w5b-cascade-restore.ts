import type { BenchDb } from "../bench-db";
import { type CascadeCounts, cascadeFixture, expectCascade } from "../cascade";
import type { WorkloadFactory } from "../workload";

/** W5b: `restore` what W4b deleted: links and records, all three levels. */
export const w5bCascadeRestore: WorkloadFactory = (db: BenchDb) => {
  const fixture = cascadeFixture(db);
  return {
    kind: "in-process",
    id: "W5b",
    title: "restore the W4b cascade",
    size: (sizes) => ({ main: sizes.links, small: sizes.small }),
    setup: () => fixture.setup(),
    async prepare(side, n) {
      await fixture.reseed(side, n);
      const roots = fixture.roots(n);
      const [remove, run] = side === "modlink" ? [fixture.deleteWithModlink, fixture.restoreWithModlink] : [fixture.deleteBySql, fixture.restoreBySql];
      expectCascade(`${side} cascade delete before restore`, await remove(roots), n);
      // As autovacuum would after that many changes; stale statistics make both sides' plans a lottery.
      await fixture.analyze(side);
      let counts: CascadeCounts | undefined;
      return {
        call: async () => void (counts = await run(roots)),
        verify: async () => expectCascade(`${side} cascade restore`, counts, n),
      };
    },
  };
};
