import { LinkDefinitionError, LinkStoreError, linkTableOf, type AnyLinkDefinition } from "@modlink/core";
import { stableHash } from "@modlink/core/store";
import type { Knex } from "knex";
import { connectionLabel } from "../driver/connection-label";
import { type DatabaseState, inspectDatabase } from "./inspect-database";
import { type LinkTableSchema, linkTableSchema } from "./link-table-schema";
import { type PlannedStep, type SyncPermission, planSync } from "./plan-sync";
import { changeFeedDdl } from "../sql/change-feed-sql";
import { runSql } from "../driver/run-sql";
import { qualifiedName, quoteIdentifier } from "../sql/sql-names";
import { toLinkError } from "../sql/store-errors";
import { type TrackedTable, ensureTrackingTables, recordSync } from "./sync-tracking";

/** What sync does with steps it may not apply. */
export const RefusalModes = ["report", "warn", "throw"] as const;
export type RefusalMode = (typeof RefusalModes)[number];

export interface SyncOptions {
  /** Schema of the link tables. Default `"public"`. */
  readonly schema?: string;
  /** Return the plan and its SQL without touching the database. */
  readonly dryRun?: boolean;
  /** Apply changed column types, changed cardinality, dropped columns and drops of empty tables of removed links. */
  readonly allowDestructive?: boolean;
  /** With `allowDestructive`, also drop tables of removed links that still hold rows. */
  readonly dropTables?: boolean;
  /**
   * Refused steps: `"report"` (default) only lists them in the plan, `"warn"`
   * also logs one line each, `"throw"` raises `SYNC_REFUSED` and applies nothing.
   */
  readonly onRefused?: RefusalMode;
  /** Also create the change feed's tables and sequence (`CHANGE_FEED_TABLES`, `modlink_change_statements`) if missing. */
  readonly changeFeed?: boolean;
}

/** One step of a sync plan, and whether this sync applied it. */
export interface SyncStep extends PlannedStep {
  readonly applied: boolean;
}

/** What sync found and did. An empty `steps` means the database already matched. */
export interface SyncPlan {
  readonly dryRun: boolean;
  readonly steps: readonly SyncStep[];
}

/**
 * Brings the link tables of `links` in line with their definitions: creates
 * missing tables and indexes, adds new columns, and records what it applied.
 * Destructive changes are reported, and applied only when allowed. Runs in one
 * transaction under an advisory lock, so concurrent syncs apply once; a table
 * is dropped as empty only if it is still empty under its own exclusive lock.
 *
 * @example
 * const plan = await syncLinkTables(knex, [productBrand], { dryRun: true })
 * for (const step of plan.steps) console.log(step.description, step.sql)
 */
export async function syncLinkTables(knex: Knex, links: readonly AnyLinkDefinition[], options: SyncOptions = {}): Promise<SyncPlan> {
  const schema = options.schema ?? "public";
  quoteIdentifier(schema);
  const desired = links.map((link) => linkTableSchema(schema, linkTableOf(link)));
  assertDistinctTables(desired);
  const granted = new Set<SyncPermission>([
    ...(options.allowDestructive ? (["allowDestructive"] as const) : []),
    ...(options.allowDestructive && options.dropTables ? (["dropTables"] as const) : []),
  ]);
  try {
    if (options.dryRun) {
      const steps = planSync(
        schema,
        desired,
        await inspectDatabase(
          knex,
          schema,
          desired.map((t) => t.table.name),
        ),
      );
      return { dryRun: true, steps: steps.map((step) => ({ ...step, applied: false })) };
    }
    // Read committed: after waiting for a table lock, the next statement must see the rows committed meanwhile.
    const plan = await knex.transaction(
      async (trx) => {
        const applied = await applySync(trx, schema, desired, granted, options.onRefused ?? "report");
        // Under the sync's advisory lock: concurrent syncs create them once.
        if (options.changeFeed === true) for (const statement of changeFeedDdl(schema)) await runSql(trx, statement);
        return applied;
      },
      { isolationLevel: "read committed" },
    );
    if (options.onRefused === "warn") {
      for (const step of plan.steps) if (!step.applied) console.warn(`[modlink] sync did not apply (needs ${step.requires.join(" + ")}): ${step.description}`);
    }
    return plan;
  } catch (error) {
    throw toLinkError(error, { connection: connectionLabel(knex) });
  }
}

async function applySync(
  trx: Knex.Transaction,
  schema: string,
  desired: readonly LinkTableSchema[],
  granted: ReadonlySet<SyncPermission>,
  onRefused: RefusalMode,
): Promise<SyncPlan> {
  await runSql(trx, "select pg_advisory_xact_lock(?::bigint)", [syncLockKey(schema)]);
  const { state, steps } = await planUnderTableLocks(trx, schema, desired, granted);
  const refused = steps.filter((step) => !step.applied);
  if (refused.length > 0 && onRefused === "throw") {
    throw new LinkStoreError(
      "SYNC_REFUSED",
      `Sync of link tables refused ${refused.length} change(s) and applied none:\n` +
        refused.map((step) => `- ${step.description} (needs ${step.requires.join(" + ")})`).join("\n") +
        `\nPass those options to apply them, or migrate the tables yourself.`,
    );
  }
  for (const step of steps) {
    if (!step.applied) continue;
    for (const statement of step.sql) {
      try {
        await runSql(trx, statement);
      } catch (error) {
        throw new LinkStoreError(
          "STORE_FAILURE",
          `Sync of link tables failed (${step.description}) at: ${statement}: ${(error as Error).message}. Nothing was applied.`,
          { cause: error },
        );
      }
    }
  }
  const applied = steps.filter((step) => step.applied);
  const tracked = desired.map((table) => trackedAfter(table, state.tracked.get(table.table.name), applied)).filter((entry) => entry.changed);
  const dropped = new Set(applied.filter((step) => step.kind === "drop_table").map((step) => step.table));
  const untracked = [...state.tracked.keys()].filter((name) => dropped.has(name) || (!state.tables.has(name) && !desired.some((t) => t.table.name === name)));
  if (applied.length > 0 || tracked.length > 0 || untracked.length > 0) {
    await ensureTrackingTables(trx, schema);
    await recordSync(trx, schema, { applied, tracked: tracked.map((entry) => entry.table), untracked });
  }
  return { dryRun: false, steps };
}

/**
 * Inspects and plans until every table a permitted step drops is locked in
 * access exclusive mode and was found empty with that lock held. The advisory
 * lock keeps out only other syncs: without the table lock, a row committed
 * between the emptiness probe and the drop would be dropped with the table.
 * Locking waits for writers in flight; the next inspection then sees their
 * rows, and a table that gained rows needs `dropTables` like any non-empty one.
 * Ends because each round locks at least one more of the finitely many tracked tables.
 */
async function planUnderTableLocks(
  trx: Knex.Transaction,
  schema: string,
  desired: readonly LinkTableSchema[],
  granted: ReadonlySet<SyncPermission>,
): Promise<{ state: DatabaseState; steps: SyncStep[] }> {
  const locked = new Set<string>();
  for (;;) {
    const state = await inspectDatabase(
      trx,
      schema,
      desired.map((t) => t.table.name),
    );
    const steps = planSync(schema, desired, state).map((step) => ({ ...step, applied: step.requires.every((option) => granted.has(option)) }));
    const unlocked = steps.filter((step) => step.applied && step.kind === "drop_table" && !locked.has(step.table)).map((step) => step.table);
    if (unlocked.length === 0) return { state, steps };
    await runSql(
      trx,
      `lock table ${[...unlocked]
        .sort()
        .map((name) => qualifiedName(schema, name))
        .join(", ")} in access exclusive mode`,
    );
    for (const name of unlocked) locked.add(name);
  }
}

/** The defaults in effect after this sync: the tracked ones, updated by the steps applied. */
function trackedAfter(
  table: LinkTableSchema,
  before: TrackedTable | undefined,
  applied: readonly PlannedStep[],
): { changed: boolean; table: TrackedTable & { label: string } } {
  const desiredDefaults = Object.fromEntries(table.columns.filter((c) => c.role === "extra").map((c) => [c.name, c.defaultSql]));
  const defaults: Record<string, string | null> = { ...(before?.defaults ?? desiredDefaults) };
  for (const step of applied) {
    if (step.table !== table.table.name || step.column === undefined) continue;
    if (step.kind === "drop_column") delete defaults[step.column];
    else if (step.column in desiredDefaults && ["add_column", "alter_column_type", "alter_column_default"].includes(step.kind))
      defaults[step.column] = desiredDefaults[step.column] ?? null;
  }
  const changed = before === undefined || JSON.stringify(sortKeys(before.defaults)) !== JSON.stringify(sortKeys(defaults));
  return { changed, table: { name: table.table.name, label: table.table.label, defaults } };
}

function sortKeys(record: Readonly<Record<string, string | null>>): [string, string | null][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

function assertDistinctTables(desired: readonly LinkTableSchema[]): void {
  const seen = new Map<string, string>();
  for (const { table } of desired) {
    const other = seen.get(table.name);
    if (other !== undefined) {
      throw new LinkDefinitionError(
        "TABLE_NAME_COLLISION",
        `Links ${other} and ${table.label} both use the table "${table.name}". Give one of them database.table or a name.`,
        table.label,
      );
    }
    seen.set(table.name, table.label);
  }
}

/** One advisory lock per schema: syncs of different schemas do not wait for each other. */
function syncLockKey(schema: string): number {
  return Number.parseInt(stableHash(`modlink:sync:${schema}`), 16);
}
