import makeKnex, { type Knex } from "knex";

/** A transaction the test holds open on its own connection, to take locks the app must wait for. */
export interface HeldTransaction {
  readonly trx: Knex.Transaction;
  /** Its backend's process id. */
  readonly pid: number;
}

/**
 * Connections of the test's own to a PostgreSQL database the app also uses:
 * to hold locks in transactions the test ends when it chooses, to see which
 * of the app's backends waits for which, and to terminate one. Orderings
 * are forced by locks and observed in `pg_blocking_pids`, never by timing.
 *
 * @example
 * const held = await sessions.begin(); await held.trx.raw("select 1 from my_customs where id = ? for update", [id])
 * const pid = await sessions.waitUntilBlocked(held.pid, api.delete(`/products/${productId}`))
 */
export class PostgresSessions {
  readonly #knex: Knex;
  /** Every transaction `begin` opened, so `close` can end those a failed test left open. */
  readonly #held: Knex.Transaction[] = [];

  constructor(url: string) {
    this.#knex = makeKnex({ client: "pg", connection: url, pool: { min: 0, max: 4 } });
  }

  /** Opens a transaction on a connection of its own. */
  async begin(): Promise<HeldTransaction> {
    const trx = await this.#knex.transaction();
    this.#held.push(trx);
    const result: { rows: Array<{ pid: number }> } = await trx.raw("select pg_backend_pid() as pid");
    const pid = result.rows[0]?.pid;
    if (pid === undefined) throw new Error("pg_backend_pid() returned no row.");
    return { trx, pid };
  }

  /**
   * Waits until a backend waits for a lock that backend `holder` holds, and
   * returns its pid. `pending` is the request expected to block: if it
   * finishes first, the ordering the test needs did not happen, and this
   * fails with its response instead of waiting forever.
   */
  async waitUntilBlocked(holder: number, pending: Promise<{ status: number; text: string }>): Promise<number> {
    let finished: { status: number; text: string } | undefined;
    void pending.then((response) => {
      finished = response;
    });
    for (;;) {
      const result: { rows: Array<{ pid: number }> } = await this.#knex.raw("select pid from pg_stat_activity where ? = any(pg_blocking_pids(pid))", [holder]);
      const blocked = result.rows[0]?.pid;
      if (blocked !== undefined) return blocked;
      if (finished) throw new Error(`The request finished (${finished.status} ${finished.text}) instead of waiting for backend ${holder}.`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Ends backend `pid` as an administrator or a crash would: its connection dies, its transaction is rolled back. */
  async terminate(pid: number): Promise<void> {
    await this.#knex.raw("select pg_terminate_backend(?)", [pid]);
  }

  /** Rolls back what a failed test left open, so requests blocked on it finish and later tests do not wait on it. */
  async rollbackOpenTransactions(): Promise<void> {
    for (const trx of this.#held.splice(0)) if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.rollbackOpenTransactions();
    await this.#knex.destroy();
  }
}
