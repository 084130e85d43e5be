import type { BenchDb } from "./bench-db";
import { expectCount, q } from "./fixtures";
import type { SqlClient } from "./sql-client";
import type { InProcessWorkloadFactory } from "./workload";

/**
 * `@modlink/knex`'s outbox and its feed (its README, "Change feed"), in the
 * schema of the bench's link tables; made by the feed store's sync. A write
 * appends to the inbox; a read of the feed moves rows into `modlink_changes`.
 */
const FEED_TABLES = ["modlink_change_inbox", "modlink_changes"];

/**
 * The same workload with modlink's calls made on the store with the change
 * feed on (`changeFeed: true`), against the same hand-written baseline, so
 * its ratio can be set beside the feed-off one: id `W1 feed` for `W1`.
 * Each run also starts with an empty outbox (untimed, after the workload's
 * own reset), so runs do not grow it; a modlink run must have recorded one
 * change per row it changed (N).
 * @example export const w1CreateFeed = feedWorkload(w1Create);
 */
export function feedWorkload(factory: InProcessWorkloadFactory): InProcessWorkloadFactory {
  return (db: BenchDb) => {
    const workload = factory({ ...db, store: db.feedStore });
    return {
      ...workload,
      id: `${workload.id} feed`,
      title: `${workload.title}, change feed on`,
      feedOf: workload.id,
      async prepare(side, n) {
        const run = await workload.prepare(side, n);
        await db.sql.query(`truncate table ${FEED_TABLES.map(q).join(", ")}`);
        if (side === "baseline") return run;
        const verify = async () => {
          await run.verify();
          expectCount("modlink changes recorded", await changeRows(db.sql), n);
        };
        return { call: run.call, verify };
      },
    };
  };
}

/** Changes recorded, in the inbox or already moved to the feed. */
async function changeRows(sql: SqlClient): Promise<number> {
  const result = await sql.query(`select (${FEED_TABLES.map((table) => `(select count(*) from ${q(table)})`).join(" + ")})::int as n`);
  return Number(result.rows[0]?.n);
}
