import { type QueryLimits, overLimit } from "./query-limits";

/**
 * The run-time side of `QueryLimits` for one `graph` call: every read asks
 * for at most one record more than the call may hold (`readLimit`), so the
 * work stays bounded, and `check` turns "one more" into a `QueryCostError`.
 */
export class RecordBudget {
  readonly limits: QueryLimits;

  constructor(limits: QueryLimits) {
    this.limits = limits;
  }

  /** The most rows any one read asks for: enough to tell "at the limit" from "over it". */
  get readLimit(): number {
    return this.limits.maxRecords + 1;
  }

  /** Fails when one read returned more than `maxRecords`. `what` says which read, `advice` how to narrow it. */
  checkRead(count: number, what: string, advice: string): void {
    if (count > this.limits.maxRecords) throw overLimit(this.limits, "maxRecords", `${what} more than ${this.limits.maxRecords} records`, advice);
  }

  /** Fails when one parent's unpaged list holds more than `maxListSize`. */
  checkList(count: number, path: string): void {
    if (count > this.limits.maxListSize) {
      throw overLimit(
        this.limits,
        "maxListSize",
        `"${path}" holds ${count} records for one parent`,
        `Page it: pagination: { relations: { "${path}": { take: 100 } } }.`,
      );
    }
  }

  /** Fails when the result would hold more records than allowed, counting a record once per parent it is shown under. */
  checkResult(count: number): void {
    if (count > this.limits.maxRecords) {
      throw overLimit(
        this.limits,
        "maxRecords",
        `The result would hold ${count} records (a record shown under several parents counts each time)`,
        "Select fewer relations, page the lists, or take a smaller root page.",
      );
    }
  }
}
