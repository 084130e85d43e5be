import type { DeletionStamp, RecordTable, RestoreTarget, SideName } from "@modlink/core";
import { otherSide } from "@modlink/core";
import { feedCte } from "./change-feed-sql";
import type { Sql } from "./sql-fragment";
import { qualifiedName, quoteIdentifier } from "./sql-names";
import { type TableSql, sideColumn } from "./table-sql";

/** The SET list of a revived link row. */
const REVIVED = `"deleted_at" = null, "updated_at" = now(), "deletion_id" = null, "deleted_from" = null, "cascaded" = false`;

/** A module table's quoted names. */
interface RecordSql {
  readonly qualified: string;
  readonly key: string;
  readonly deletedAt: string;
  readonly deletionId: string | undefined;
}

function recordSql(table: RecordTable): RecordSql {
  return {
    qualified: table.schema === undefined ? quoteIdentifier(table.table) : qualifiedName(table.schema, table.table),
    key: quoteIdentifier(table.primaryKey),
    deletedAt: quoteIdentifier(table.deletedAt),
    deletionId: table.deletionId === undefined ? undefined : quoteIdentifier(table.deletionId),
  };
}

/**
 * One cascade delete step as one statement (see
 * `LinkStoreTransaction.softDeleteLinksAndRecords`): the link rows are
 * deleted marked cascaded, then their live partner records are deleted
 * (an update applies one joined row per record, so repeats need no distinct).
 * A row cannot be updated twice in one statement, so rows whose partner was
 * not deleted after all (already deleted, or deleted by another transaction meanwhile)
 * come back as `spared` for a second statement to unmark; usually there are
 * none. Reads one row: `count` (link rows), `deleted` and `spared` (record
 * keys as JSON arrays, or null for none): the driver reads a JSON array with
 * `JSON.parse`, far faster than 10,000 rows or a 10,000-element SQL array.
 */
export function softDeleteStepSql(
  link: TableSql,
  side: SideName,
  ids: readonly string[],
  stamp: DeletionStamp,
  partner: RecordTable,
  feedSchema?: string,
): Sql {
  const near = sideColumn(link, side);
  const far = sideColumn(link, otherSide(side));
  const records = recordSql(partner);
  const at = stamp.at.toISOString();
  const stampDeletion = records.deletionId === undefined ? "" : `, ${records.deletionId} = ?`;
  const text =
    `with "links" as (update ${link.qualified} ` +
    `set "deleted_at" = ?::timestamptz, "updated_at" = now(), "deletion_id" = ?, "deleted_from" = ?, "cascaded" = true ` +
    `where ${near} = any(?::text[]) and "deleted_at" is null ` +
    `returning ${far} as "partner", "id", ${link.left} as "left", ${link.right} as "right", "deletion_id")` +
    feedOf(link, feedSchema, "deleted") +
    `, "records" as (update ${records.qualified} as m set ${records.deletedAt} = ?::timestamptz${stampDeletion} ` +
    `from "links" as p ` +
    `where m.${records.key}::text = p."partner" and m.${records.deletedAt} is null returning m.${records.key}::text as "id") ` +
    `select (select count(*) from "links")::int as "count", (select json_agg("id") from "records") as "deleted", ` +
    `(select json_agg(distinct "partner") from "links" where "partner" not in (select "id" from "records")) as "spared"`;
  const bindings: unknown[] = [at, stamp.deletionId, side, ids, at];
  if (records.deletionId !== undefined) bindings.push(stamp.deletionId);
  return { text, bindings };
}

/**
 * The rows a restore from `side` revives for `targets`: deleted by a cascade
 * from that side, within each target's deletion (any deletion for a target
 * without one), with their old deletion id and cascade mark, which the
 * update's RETURNING cannot see (before PostgreSQL 18). Columns: `id`,
 * `deletion_id`, `cascaded`, `partner`.
 */
export function revivableRowsSql(link: TableSql, side: SideName, targets: readonly RestoreTarget[]): Sql {
  const near = sideColumn(link, side);
  const far = sideColumn(link, otherSide(side));
  const ids = targets.map((target) => target.id);
  const deletions = new Set(targets.map((target) => target.deletionId));
  const [only] = deletions;
  // Roots have no deletion and a walk's later levels usually one: the plain forms let the planner use the side's index.
  const [match, bindings]: [string, unknown[]] =
    deletions.size === 1 && only === null
      ? [`o.${near} = any(?::text[])`, [ids]]
      : deletions.size === 1
        ? [`o.${near} = any(?::text[]) and o."deletion_id" = ?`, [ids, only]]
        : !deletions.has(null)
          ? [`(o.${near}, o."deletion_id") in (select * from unnest(?::text[], ?::text[]))`, [ids, targets.map((target) => target.deletionId)]]
          : [
              `exists (select 1 from unnest(?::text[], ?::text[]) as g("id", "deletion_id") ` +
                `where o.${near} = g."id" and (g."deletion_id" is null or o."deletion_id" = g."deletion_id"))`,
              [ids, targets.map((target) => target.deletionId)],
            ];
  return {
    text:
      `select o."id", o."deletion_id", o."cascaded", o.${far} as "partner" from ${link.qualified} as o ` +
      `where o."deleted_from" = ? and o."deletion_id" is not null and o."deleted_at" is not null and ${match}`,
    bindings: [side, ...bindings],
  };
}

/**
 * `LinkStoreTransaction.restoreLinks` as one statement. Reads one row:
 * `count` (rows revived) and `cascaded`, the revived rows marked cascaded
 * as a JSON array of `[left, right, deletion id]` (null for none): a restore
 * of 10,000 links whose partners do not cascade reads one row, not 10,000.
 */
export function restoreLinksSql(link: TableSql, side: SideName, targets: readonly RestoreTarget[], feedSchema?: string): Sql {
  const rows = revivableRowsSql(link, side, targets);
  const text =
    `with "rows" as (${rows.text}), ` +
    `"links" as (update ${link.qualified} as t set ${REVIVED} ` +
    `from "rows" as s where t."id" = s."id" returning t."id", t.${link.left} as "left", t.${link.right} as "right", s."deletion_id", s."cascaded")` +
    feedOf(link, feedSchema, "restored") +
    ` select (select count(*) from "links")::int as "count", ` +
    `(select json_agg(json_build_array("left", "right", "deletion_id")) from "links" where "cascaded") as "cascaded"`;
  return { text, bindings: rows.bindings };
}

/**
 * One cascade restore step as one statement (see
 * `LinkStoreTransaction.restoreLinksAndRecords`): the rows this side's
 * deletions removed are revived, and the partner of each one marked
 * cascaded is restored within that row's deletion. Reads one row: `count`
 * (link rows) and `restored`, the record keys by deletion id as a JSON
 * object (null for none).
 */
export function restoreStepSql(link: TableSql, side: SideName, targets: readonly RestoreTarget[], partner: RecordTable, feedSchema?: string): Sql {
  const records = recordSql(partner);
  const rows = revivableRowsSql(link, side, targets);
  // An update applies one joined row per record, so repeats need no distinct; without a deletion
  // column a record may be named by several deletions: take one, the same every time.
  const partners =
    records.deletionId === undefined
      ? `(select distinct on ("partner") "partner", "deletion_id" from "rows" where "cascaded" order by "partner", "deletion_id")`
      : `"rows"`;
  const cascadedOnly = records.deletionId === undefined ? "" : ` and p."cascaded"`;
  const clearDeletion = records.deletionId === undefined ? "" : `, ${records.deletionId} = null`;
  const sameDeletion = records.deletionId === undefined ? "" : ` and m.${records.deletionId} = p."deletion_id"`;
  const text =
    `with "rows" as (${rows.text}), ` +
    `"links" as (update ${link.qualified} as t set ${REVIVED} ` +
    `from "rows" as s where t."id" = s."id" returning t."id", t.${link.left} as "left", t.${link.right} as "right", s."deletion_id")` +
    feedOf(link, feedSchema, "restored") +
    `, "records" as (update ${records.qualified} as m set ${records.deletedAt} = null${clearDeletion} from ${partners} as p ` +
    `where m.${records.key}::text = p."partner"${cascadedOnly} and m.${records.deletedAt} is not null${sameDeletion} ` +
    `returning m.${records.key}::text as "id", p."deletion_id") ` +
    `select (select count(*) from "links")::int as "count", ` +
    `(select json_object_agg("deletion_id", "ids") ` +
    `from (select "deletion_id", json_agg("id") as "ids" from "records" group by "deletion_id") as d) as "restored"`;
  return { text, bindings: rows.bindings };
}

/** `, "feed" as (...)` recording the rows of a step's "links" CTE, or nothing without a feed. */
function feedOf(link: TableSql, feedSchema: string | undefined, operation: "deleted" | "restored"): string {
  if (feedSchema === undefined) return "";
  return `, ${feedCte(feedSchema, link, { name: `"links"`, operation, deletionId: `s."deletion_id"` })}`;
}
