import type { PruneChanges, PrunedChanges } from "@modlink/core";
import type { Knex } from "knex";
import { runSql } from "../driver/run-sql";
import { CHANGES_TABLE, FEED_CONSUMERS_TABLE } from "./change-feed-sql";
import { qualifiedName } from "./sql-names";

/** The position `consumer` has processed; null before its first save. */
export async function loadFeedCursor(knex: Knex, schema: string, consumer: string): Promise<string | null> {
  const result = await runSql(knex, `select "position"::text as "position" from ${qualifiedName(schema, FEED_CONSUMERS_TABLE)} where "name" = ?`, [consumer]);
  const row = result.rows[0];
  return row ? String(row.position) : null;
}

/** Saves `consumer`'s cursor; an older position than the saved one changes nothing (a late writer never moves it back). */
export async function saveFeedCursor(knex: Knex, schema: string, consumer: string, position: string): Promise<void> {
  const table = qualifiedName(schema, FEED_CONSUMERS_TABLE);
  await runSql(
    knex,
    `insert into ${table} as c ("name", "position") values (?, ?::bigint) ` +
      `on conflict ("name") do update set "position" = greatest(c."position", excluded."position"), "updated_at" = now()`,
    [consumer, position],
  );
}

/**
 * Deletes sequenced changes that `options` names and every registered
 * consumer has processed, in one statement; changes still in the inbox
 * (not yet given a position) are never removed.
 */
export async function pruneChanges(knex: Knex, schema: string, options: PruneChanges): Promise<PrunedChanges> {
  const changes = qualifiedName(schema, CHANGES_TABLE);
  const consumers = qualifiedName(schema, FEED_CONSUMERS_TABLE);
  const conditions = [`c."position" <= coalesce((select min("position") from ${consumers}), c."position")`];
  const bindings: unknown[] = [];
  if (options.through !== undefined) {
    conditions.push(`c."position" <= ?::bigint`);
    bindings.push(options.through);
  }
  if (options.before !== undefined) {
    conditions.push(`c."at" < ?::timestamptz`);
    bindings.push(options.before.toISOString());
  }
  const result = await runSql(
    knex,
    `with "pruned" as (delete from ${changes} as c where ${conditions.join(" and ")} returning 1) ` +
      `select (select count(*) from "pruned")::int as "pruned", h."name", h."position"::text as "position" ` +
      `from (select 1) as one left join (select "name", "position" from ${consumers} order by "position", "name" limit 1) as h on true`,
    bindings,
  );
  const row = result.rows[0] ?? {};
  return {
    pruned: Number(row.pruned ?? 0),
    heldBy: row.name === null || row.name === undefined ? null : { consumer: String(row.name), position: String(row.position) },
  };
}
