import type { AnyLinkDefinition, SideName } from "./define-link";
import type { ExtraColumns } from "./extra-columns";

/** One side of a link table as a store sees it. */
export interface LinkTableSide {
  /** The module whose records this side holds, e.g. `product`. */
  readonly module: string;
  /** Column holding this side's ids. */
  readonly column: string;
  /** The input key of this side, e.g. `product_id` (used in error messages). */
  readonly key: string;
  /** At most one live row per id of this side. */
  readonly unique: boolean;
}

/**
 * Everything a store needs to know about one link's table, and nothing about
 * modules or typing. Derived from a definition by `linkTableOf`.
 */
export interface LinkTable {
  readonly name: string;
  /** The link's readable label, for error messages. */
  readonly label: string;
  readonly idPrefix: string;
  readonly left: LinkTableSide;
  readonly right: LinkTableSide;
  readonly extraColumns: ExtraColumns;
}

/**
 * A side is "one" unless the other side is a list: `isList` on the right means
 * a left record has many rights, so the left column is not unique.
 */
export function linkTableOf(definition: AnyLinkDefinition): LinkTable {
  return Object.freeze({
    name: definition.table,
    label: definition.label,
    idPrefix: definition.idPrefix,
    left: Object.freeze({ module: definition.left.module, column: definition.left.column, key: definition.left.key, unique: !definition.right.isList }),
    right: Object.freeze({ module: definition.right.module, column: definition.right.column, key: definition.right.key, unique: !definition.left.isList }),
    extraColumns: definition.extraColumns,
  });
}

export function sideOf(table: LinkTable, side: SideName): LinkTableSide {
  return side === "left" ? table.left : table.right;
}
