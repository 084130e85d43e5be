import { BENCH_TABLES } from "../fixtures";
import { listWorkload } from "../list-workload";
import type { WorkloadFactory } from "../workload";

/** W2: list the links of 1,000 given ids from a table of 10,000. */
export const w2List: WorkloadFactory = (db) =>
  listWorkload(db, { id: "W2", title: "list links of N ids", pair: BENCH_TABLES.list, tableSize: (sizes) => sizes.links });
