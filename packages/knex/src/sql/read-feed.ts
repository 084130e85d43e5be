import type { ChangeOperation, ChangeRead, StoredChange } from "@modlink/core";
import type { Knex } from "knex";
import { runSql } from "../driver/run-sql";
import { CHANGES_TABLE, CHANGE_HEAD_TABLE, CHANGE_INBOX_TABLE } from "./change-feed-sql";
import { decodeValue } from "./column-codec";
import { qualifiedName } from "./sql-names";
import { tableSql } from "./table-sql";

/** Committed changes moved out of the inbox per pass; a read sequences at most this many before reading. */
const SEQUENCE_BATCH = 10_000;

/** The columns a change keeps when it moves from the inbox to the feed. */
const MOVED_COLUMNS = ["link_table", "operation", "link_id", "left_id", "right_id", "data", "deletion_id", "at"].map((name) => `"${name}"`);

/** The inbox's order: statements in the order they drew their numbers, then a fixed order inside one. */
const INBOX_ORDER = `i."statement", i."link_table", i."link_id"`;

/**
 * Moves committed changes from the inbox into the feed, giving them the
 * next positions in the order their statements were numbered, and returns
 * how many. Why positions are given here and not when written: a
 * transaction's changes are numbered when it writes them but become
 * visible when it commits, and transactions commit in another order than
 * they write. A reader ordering by that number would skip changes still
 * uncommitted and never come back to them (a gap); ordering by transaction
 * id (xid8 with `pg_snapshot_xmin`) avoids gaps but can put a later change
 * of a link row first, when the second writer got its transaction id
 * before the first committed. Here only committed changes are moved, and
 * passes take turns on the head row, so positions are dense, never change,
 * and never appear behind one already read. For one link row, a second
 * change can only be written once the first committed (the row lock), so
 * its statement has a greater number (`feedCte` draws it after taking the
 * rows' locks) and it is moved in the same pass or a later one: positions
 * follow commit order per link row. Writers never touch the head row or
 * the feed's index; readers pay for this.
 */
export async function sequenceChanges(knex: Knex, schema: string): Promise<number> {
  const inbox = qualifiedName(schema, CHANGE_INBOX_TABLE);
  const head = qualifiedName(schema, CHANGE_HEAD_TABLE);
  const waiting = await runSql(knex, `select 1 from ${inbox} limit 1`);
  if (waiting.rows.length === 0) return 0;
  return knex.transaction(
    async (trx) => {
      // Waits for any other pass; then a new statement sees what that pass moved.
      const [locked] = (await runSql(trx, `select "last"::text as "last" from ${head} where "id" = 1 for update`)).rows;
      if (!locked) throw new Error(`${head} has no row: run sync with changeFeed on.`);
      const moved = await runSql(
        trx,
        `with "next" as (select i.ctid as "row", row_number() over (order by ${INBOX_ORDER}) as "n" from ${inbox} as i order by ${INBOX_ORDER} limit ?), ` +
          `"taken" as (delete from ${inbox} as i using "next" as n where i.ctid = n."row" returning n."n", i.*), ` +
          `"given" as (insert into ${qualifiedName(schema, CHANGES_TABLE)} ("position", ${MOVED_COLUMNS.join(", ")}) ` +
          `select ?::bigint + t."n", ${MOVED_COLUMNS.map((column) => `t.${column}`).join(", ")} from "taken" as t returning 1) ` +
          `update ${head} set "last" = "last" + (select count(*) from "given") where "id" = 1 returning ("last" - ?::bigint)::int as "count"`,
        [SEQUENCE_BATCH, locked.last, locked.last],
      );
      return Number(moved.rows[0]?.count ?? 0);
    },
    { isolationLevel: "read committed" },
  );
}

/** `LinkStore.readChanges`: sequences what committed meanwhile, then reads the page after `read.after`. */
export async function readFeed(knex: Knex, schema: string, read: ChangeRead): Promise<StoredChange[]> {
  await sequenceChanges(knex, schema);
  const tables = new Map(read.tables.map((table) => [table.name, tableSql(schema, table)]));
  const result = await runSql(
    knex,
    // Ordered by the column, not by the text alias of the same name, which would put "10" before "9".
    `select c."position"::text as "position", c."link_table", c."operation", c."link_id", c."left_id", c."right_id", c."data", c."deletion_id", c."at" ` +
      `from ${qualifiedName(schema, CHANGES_TABLE)} as c where c."position" > ?::bigint and c."link_table" = any(?::text[]) order by c."position" limit ?`,
    [read.after ?? "0", [...tables.keys()], read.limit],
  );
  return result.rows.map((row): StoredChange => {
    const table = tables.get(String(row.link_table));
    const raw = row.data as Record<string, unknown> | null;
    const data =
      raw === null || !table
        ? null
        : Object.fromEntries(
            table.extras.filter((extra) => Object.hasOwn(raw, extra.name)).map((extra) => [extra.name, decodeValue(extra.type, raw[extra.name])]),
          );
    return {
      position: String(row.position),
      table: String(row.link_table),
      operation: row.operation as ChangeOperation,
      linkId: String(row.link_id),
      left: String(row.left_id),
      right: String(row.right_id),
      data,
      deletionId: row.deletion_id === null ? null : String(row.deletion_id),
      at: row.at instanceof Date ? row.at : new Date(String(row.at)),
    };
  });
}
