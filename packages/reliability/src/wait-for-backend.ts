import type { Knex } from "knex";

/**
 * Resolves once `work` has settled or the backend `pid` waits on a lock:
 * synchronisation for race tests, never a timing assertion. Gives up (and
 * resolves) after `limitMs`, so a hang shows up as the test's own failure.
 */
export async function waitUntilSettledOrBlocked(work: Promise<unknown>, admin: Knex, pid: number, limitMs = 60_000): Promise<void> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  const deadline = Date.now() + limitMs;
  while (!settled && Date.now() < deadline) {
    const result = await admin.raw(`select wait_event_type from pg_stat_activity where pid = ?`, [pid]);
    if (result.rows[0]?.wait_event_type === "Lock") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
