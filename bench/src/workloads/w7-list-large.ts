import { BENCH_TABLES } from "../fixtures";
import { listWorkload } from "../list-workload";
import type { WorkloadFactory } from "../workload";

/** W7: list by 1,000 ids from a table holding 1,000,000 live links. */
export const w7ListLarge: WorkloadFactory = (db) =>
  listWorkload(db, { id: "W7", title: "list links of N ids, large table", pair: BENCH_TABLES.large, tableSize: (sizes) => sizes.largeTable });
