import type { LinkDefinition } from "./define-link";
import type { Linkable } from "./define-module";
import type { ExtraColumns, ExtraColumnValue } from "./extra-columns";
import type { LinkRow } from "./link-row";
import type { WriteOutcome } from "./link-store-values";

export type { WriteOutcome } from "./link-store-values";

/**
 * A link row as `list()` returns it, typed from its definition: the two key
 * columns, every extra column (null where unset) and the timestamps. When
 * both sides use the same key, the columns are prefixed with the module
 * names (`defineLink` does it at run time) and are typed as any string key.
 */
export type LinkRowOf<D> =
  D extends LinkDefinition<infer L extends Linkable, infer R extends Linkable, infer X extends ExtraColumns, string>
    ? LinkRow & KeyColumns<L, R> & { -readonly [K in keyof X]: ExtraColumnValue[X[K]["type"]] | null }
    : never;

type KeyColumns<L extends Linkable, R extends Linkable> = [L["key"]] extends [R["key"]] ? unknown : { [K in L["key"] | R["key"]]: string };

/** One link `create(..., { returnLinks: true })` wrote or found, with its row after the call. */
export interface CreatedLink<Row = LinkRow> {
  /** The link table's name, as `changes()` names it. */
  readonly link: string;
  /**
   * `created`: a new row; `revived`: a soft-deleted row live again;
   * `updated`: a live row given new data; `unchanged`: a live row created
   * again without data, left as it was.
   */
  readonly outcome: WriteOutcome;
  readonly row: Row;
}

/** One link `dismiss(..., { returnLinks: true })` soft-deleted, with its row after the call. */
export interface DismissedLink<Row = LinkRow> {
  /** The link table's name, as `changes()` names it. */
  readonly link: string;
  readonly row: Row;
}
