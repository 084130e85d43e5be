import type { SyncPlan, SyncStepKind } from "@modlink/knex";
import { flagsFor } from "../format-plan";
import type { Finding, FindingKind } from "./finding";

/** What each kind of pending sync step says is wrong with the database. */
const PROBLEM_OF_STEP = {
  create_schema: "missing_schema",
  create_table: "missing_table",
  add_column: "missing_column",
  alter_column_type: "column_mismatch",
  alter_column_nullability: "column_mismatch",
  alter_column_default: "column_mismatch",
  drop_column: "extra_column",
  create_index: "missing_index",
  change_cardinality: "cardinality_mismatch",
  drop_table: "extra_table",
} as const satisfies Record<SyncStepKind, Exclude<FindingKind, "dangling_ids">>;

/**
 * Schema problems, read off a dry-run sync plan: every pending step is a
 * difference between the database and the definitions, and sync is its fix.
 *
 * @example schemaFindings(await syncLinkTables(knex, links, { dryRun: true }))
 */
export function schemaFindings(plan: SyncPlan): Finding[] {
  return plan.steps.map((step) => ({
    kind: PROBLEM_OF_STEP[step.kind],
    table: step.table,
    column: step.column ?? null,
    problem: step.description,
    fix: ["modlink sync", ...flagsFor(step)].join(" "),
  }));
}
