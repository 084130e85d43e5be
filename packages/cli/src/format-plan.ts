import type { SyncPermission, SyncStep } from "@modlink/knex";
import type { Style } from "./output";

/** The `modlink sync` flag that grants each sync permission. */
export const PERMISSION_FLAGS = {
  allowDestructive: "--allow-destructive",
  dropTables: "--drop-tables",
} as const satisfies Record<SyncPermission, string>;

/** A step as `--json` prints it. */
export interface StepJson {
  readonly kind: SyncStep["kind"];
  readonly table: string;
  readonly column: string | null;
  readonly description: string;
  readonly sql: readonly string[];
  readonly destructive: boolean;
  /** The `modlink sync` flags the step needs; empty for safe steps. */
  readonly needs: readonly string[];
  readonly applied: boolean;
}

/** The flags a step needs, e.g. `["--allow-destructive"]`. */
export function flagsFor(step: Pick<SyncStep, "requires">): string[] {
  return step.requires.map((permission) => PERMISSION_FLAGS[permission]);
}

/**
 * A step for `--json`: named fields only, so the output stays stable when the
 * library adds internal ones.
 *
 * @example stepJson(step).needs // ["--allow-destructive"]
 */
export function stepJson(step: SyncStep): StepJson {
  return {
    kind: step.kind,
    table: step.table,
    column: step.column ?? null,
    description: step.description,
    sql: step.sql,
    destructive: step.destructive,
    needs: flagsFor(step),
    applied: step.applied,
  };
}

/**
 * A numbered step with its exact SQL, as `plan` prints it.
 *
 * @example formatStep(step, 0, style) // ["1. create_table link_product_product_brand_brand", "   Create link table ...", "     create table ...;"]
 */
export function formatStep(step: SyncStep, index: number, style: Style): string[] {
  const needs = flagsFor(step);
  const mark = needs.length > 0 ? `  ${style.yellow(`DESTRUCTIVE, needs ${needs.join(" ")}`)}` : "";
  return [
    `${index + 1}. ${style.bold(step.kind)} ${step.table}${mark}`,
    `   ${step.description}`,
    ...step.sql.map((statement) => `     ${style.dim(`${statement};`)}`),
  ];
}

/** `1 change` / `3 changes`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
