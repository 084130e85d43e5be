import type { Knex } from "knex";

/**
 * Resolves once some backend waits for a lock on `schema.table`: the moment a
 * call is provably in the middle of its work, with no timing bet. Rejects with
 * `work`'s own error if it fails first, and after `limitMs` if nothing ever waits.
 */
export async function untilWaitingForTable(admin: Knex, schema: string, table: string, work: Promise<unknown>, limitMs = 60_000): Promise<void> {
  let failure: { error: unknown } | undefined;
  work.catch((error: unknown) => {
    failure = { error };
  });
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (failure) throw failure.error;
    const result = await admin.raw(
      `select 1 from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace ` +
        `where n.nspname = ? and c.relname = ? and not l.granted limit 1`,
      [schema, table],
    );
    if (result.rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no backend waited for a lock on ${schema}.${table} within ${limitMs} ms`);
}
