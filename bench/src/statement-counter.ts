import type { Knex } from "knex";

/** Statements a knex instance has sent, transactions' BEGIN/COMMIT included. */
export interface StatementCounter {
  readonly count: number;
}

/**
 * Counts knex `query` events: every statement modlink sends, including those
 * of transactions opened from this instance.
 * @example const counter = countKnexStatements(knex); await work(); counter.count
 */
export function countKnexStatements(knex: Knex): StatementCounter {
  let count = 0;
  knex.on("query", () => {
    count += 1;
  });
  return {
    get count() {
      return count;
    },
  };
}
