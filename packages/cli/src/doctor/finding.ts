/** Every kind of problem `modlink doctor` reports. */
export const FindingKinds = [
  "missing_schema",
  "missing_table",
  "missing_column",
  "column_mismatch",
  "extra_column",
  "missing_index",
  "cardinality_mismatch",
  "extra_table",
  "missing_module_table",
  "dangling_ids",
] as const;
export type FindingKind = (typeof FindingKinds)[number];

interface FindingBase {
  /** The table concerned: a link table; the schema for `missing_schema`; `schema.table` of the module for `missing_module_table`. */
  readonly table: string;
  readonly column: string | null;
  /** What is wrong, in words. */
  readonly problem: string;
  /** What to run or do about it. */
  readonly fix: string;
}

/** One problem doctor found. */
export type Finding =
  | (FindingBase & { readonly kind: Exclude<FindingKind, "dangling_ids"> })
  | (FindingBase & {
      readonly kind: "dangling_ids";
      readonly module: string;
      readonly model: string;
      /** Distinct ids of live links that the module does not have. */
      readonly count: number;
      /** The first few of them, sorted. */
      readonly sample: readonly string[];
    });

/** A side of a link whose ids doctor could not check, and why. */
export interface UncheckedSide {
  readonly table: string;
  readonly module: string;
  readonly model: string;
  readonly reason: string;
}
