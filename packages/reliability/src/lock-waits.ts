import type { Knex } from "knex";

/** A lock another session holds on a link table until released. */
export interface HeldLock {
  release(): Promise<void>;
}

/** Takes an exclusive lock on a table from the admin connection, so the next statement on it waits. */
export async function holdTableLock(admin: Knex, schema: string, table: string): Promise<HeldLock> {
  const trx = await admin.transaction();
  await trx.raw(`lock table "${schema}"."${table}" in access exclusive mode`);
  return { release: () => trx.rollback().then(() => undefined) };
}

/**
 * The pid of the backend waiting for a lock on `table` (polled until one
 * appears): the moment a call is provably in the middle of its work.
 */
export async function waitingBackend(admin: Knex, schema: string, table: string, limitMs = 60_000): Promise<number> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const result = await admin.raw(
      "select l.pid from pg_locks l " +
        "join pg_class c on c.oid = l.relation " +
        "join pg_namespace n on n.oid = c.relnamespace " +
        "where n.nspname = ? and c.relname = ? and not l.granted limit 1",
      [schema, table],
    );
    if (result.rows[0]) return Number(result.rows[0].pid);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no backend waited for a lock on ${schema}.${table} within ${limitMs} ms`);
}

/** Terminates a backend and waits until it is gone. */
export async function terminateBackend(admin: Knex, pid: number): Promise<void> {
  await admin.raw(`select pg_terminate_backend(?, 5000)`, [pid]);
}
