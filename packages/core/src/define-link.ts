import { type Linkable, isFieldLinkable } from "./define-module";
import { LinkDefinitionError } from "./errors";
import { describe } from "./extra-column-values";
import { type ExtraColumns, RESERVED_COLUMNS, validateExtraColumns } from "./extra-columns";
import { RESERVED_TABLE_PREFIX, isValidIdentifier, isValidName, shortenIdentifier, toSnakeCase } from "./naming";

/** How deleting a record reaches the records linked to it on a side. */
export const CascadeModes = ["none", "all", "orphans"] as const;
export type CascadeMode = (typeof CascadeModes)[number];

/** What `deleteCascade` accepts; each value names one `CascadeMode`. */
export type DeleteCascadeOption = boolean | Exclude<CascadeMode, "none">;

const CASCADE_OF_OPTION = new Map<unknown, CascadeMode>([
  [undefined, "none"],
  [false, "none"],
  [true, "all"],
  ["all", "all"],
  ["orphans", "orphans"],
]);

/** A side as written in `defineLink`: a linkable, or a linkable with options. */
export type LinkSideInput<L extends Linkable = Linkable> =
  | L
  | {
      readonly linkable: L;
      /** This side is "many": a record of the other side links to a list of these. */
      readonly isList?: boolean;
      /**
       * Deleting a record of the other side soft-deletes the linked records of
       * this side too: `true` (Medusa's spelling) or `"all"`; `"orphans"`
       * only those left with no other live link. `false` or omitted: none.
       */
      readonly deleteCascade?: DeleteCascadeOption;
    };

export interface LinkOptions<X extends ExtraColumns = ExtraColumns, N extends string = string> {
  /** Tells apart several links between the same two models. */
  readonly name?: N;
  readonly database?: {
    readonly table?: string;
    readonly idPrefix?: string;
    readonly extraColumns?: X;
  };
}

/** One side of a defined link, normalised. */
export interface LinkSide<L extends Linkable = Linkable> {
  readonly linkable: L;
  readonly module: L["module"];
  readonly model: L["model"];
  readonly key: L["key"];
  /** The column holding this side's ids in the link table. */
  readonly column: string;
  readonly isList: boolean;
  readonly cascade: CascadeMode;
}

/** The two sides of a link, by name: never by position in an array. */
export const SideNames = ["left", "right"] as const;
export type SideName = (typeof SideNames)[number];

export function otherSide(side: SideName): SideName {
  return side === "left" ? "right" : "left";
}

/**
 * A link between two models of different modules, stored in its own table.
 * Made by `defineLink`; its type carries both sides for compile-time checks.
 */
export interface LinkDefinition<
  L extends Linkable = Linkable,
  R extends Linkable = Linkable,
  X extends ExtraColumns = ExtraColumns,
  N extends string = string,
> {
  /** Readable label used in messages, e.g. `product.product <-> brand.brand`. */
  readonly label: string;
  readonly name: N | undefined;
  readonly left: LinkSide<L>;
  readonly right: LinkSide<R>;
  /** The link table; unique among the links of one application. */
  readonly table: string;
  /**
   * The link as a query entity (`@modlink/query` with `linkRecords`):
   * `<left model>_<right model>`, then `_<name>` for a named link, e.g.
   * `product_brand`, as Medusa's `link.entryPoint`.
   */
  readonly entryPoint: string;
  readonly idPrefix: string;
  readonly extraColumns: X;
}

// `any` keeps every concrete definition assignable; inputs are still typed by each member.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLinkDefinition = LinkDefinition<any, any, any, any>;

const ID_PREFIX = /^[a-z][a-z0-9]{0,15}$/;

/**
 * Declares a link between a model of one module and a model of another.
 *
 * @example
 * const productBrand = defineLink(
 *   { linkable: Product.linkable.product, isList: true }, // a brand has many products
 *   Brand.linkable.brand,
 * )
 */
export function defineLink<
  const L extends Linkable,
  const R extends Linkable,
  const X extends ExtraColumns = Record<never, never>,
  const N extends string = never,
>(left: LinkSideInput<L>, right: LinkSideInput<R>, options: LinkOptions<X, N> = {}): LinkDefinition<L, R, X, N> {
  const leftSide = resolveSide(left, "first");
  const rightSide = resolveSide(right, "second");
  const label =
    `${leftSide.linkable.module}.${leftSide.linkable.model} <-> ${rightSide.linkable.module}.${rightSide.linkable.model}` +
    (options.name === undefined ? "" : ` (${options.name})`);
  if (leftSide.linkable.module === rightSide.linkable.module) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `Link ${label} joins two models of the same module; a module relates its own models itself. Link models of different modules.`,
      label,
    );
  }
  if (options.name !== undefined && !isValidName(options.name)) {
    throw new LinkDefinitionError("INVALID_DEFINITION", `Link ${label}: name must be letters, digits and underscores.`, label);
  }
  const sameKey = leftSide.linkable.key === rightSide.linkable.key;
  const leftColumn = sameKey ? `${toSnakeCase(leftSide.linkable.module)}_${leftSide.linkable.key}` : leftSide.linkable.key;
  const rightColumn = sameKey ? `${toSnakeCase(rightSide.linkable.module)}_${rightSide.linkable.key}` : rightSide.linkable.key;
  for (const column of [leftColumn, rightColumn]) {
    if (!isValidIdentifier(column)) {
      throw new LinkDefinitionError("INVALID_DEFINITION", `Link ${label}: column "${column}" is too long; use shorter module or model names.`, label);
    }
    if ((RESERVED_COLUMNS as readonly string[]).includes(column)) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `Link ${label}: the key column "${column}" is one of the link table's own columns (${RESERVED_COLUMNS.join(", ")}). Rename the model.`,
        label,
      );
    }
  }
  const table = options.database?.table ?? defaultTableName(leftSide.linkable, rightSide.linkable, options.name);
  if (!isValidIdentifier(table)) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `Link ${label}: table name ${JSON.stringify(table)} is not allowed. Use lower-case letters, digits and underscores, at most 63 bytes.`,
      label,
    );
  }
  if (table.startsWith(RESERVED_TABLE_PREFIX)) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `Link ${label}: table name "${table}" starts with "${RESERVED_TABLE_PREFIX}", which modlink reserves for its own tables ` +
        `(the sync's tracking tables). Pick another database.table, e.g. "link_${table.slice(RESERVED_TABLE_PREFIX.length)}".`,
      label,
    );
  }
  const idPrefix = options.database?.idPrefix ?? "link";
  if (typeof idPrefix !== "string" || !ID_PREFIX.test(idPrefix)) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `Link ${label}: idPrefix ${JSON.stringify(idPrefix)} is not allowed. Use 1-16 lower-case letters and digits, starting with a letter.`,
      label,
    );
  }
  const extraColumns = validateExtraColumns(label, options.database?.extraColumns, [leftColumn, rightColumn]) as X;
  return Object.freeze({
    label,
    name: options.name,
    left: Object.freeze({ ...leftSide, module: leftSide.linkable.module, model: leftSide.linkable.model, key: leftSide.linkable.key, column: leftColumn }),
    right: Object.freeze({
      ...rightSide,
      module: rightSide.linkable.module,
      model: rightSide.linkable.model,
      key: rightSide.linkable.key,
      column: rightColumn,
    }),
    table,
    entryPoint: [leftSide.linkable.model, rightSide.linkable.model, ...(options.name === undefined ? [] : [toSnakeCase(options.name)])].join("_"),
    idPrefix,
    extraColumns,
  });
}

function resolveSide<L extends Linkable>(input: LinkSideInput<L>, position: "first" | "second"): { linkable: L; isList: boolean; cascade: CascadeMode } {
  const linkable: unknown = input && "linkable" in input ? input.linkable : input;
  if (!isLinkable(linkable)) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `The ${position} argument of defineLink is not a linkable. Pass Module.linkable.<model> or { linkable: Module.linkable.<model>, isList, deleteCascade }.`,
    );
  }
  const options: { isList?: unknown; deleteCascade?: unknown } = "linkable" in input ? input : {};
  const cascade = CASCADE_OF_OPTION.get(options.deleteCascade);
  if (cascade === undefined) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `deleteCascade of the ${position} side of defineLink is ${describe(options.deleteCascade)}. ` +
        `Use true or "all" (cascade), "orphans" (only records left without links), or false (none).`,
    );
  }
  if (options.isList !== undefined && typeof options.isList !== "boolean") {
    throw new LinkDefinitionError("INVALID_DEFINITION", `isList of the ${position} side of defineLink is ${describe(options.isList)}. Use true or false.`);
  }
  if (cascade !== "none" && isFieldLinkable(linkable)) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `The ${position} side of defineLink links ${linkable.module}.${linkable.model} on its field "${linkable.primaryKey}" and asks for deleteCascade. ` +
        "A cascade hands a module the ids of the records to delete, which this link does not hold. Link on the model's primary key to cascade, or drop deleteCascade.",
    );
  }
  return { linkable: linkable as L, isList: options.isList === true, cascade };
}

function isLinkable(value: unknown): value is Linkable {
  if (typeof value !== "object" || value === null) return false;
  const { module, model, key } = value as Record<string, unknown>;
  return isValidName(module) && isValidName(model) && typeof key === "string" && isValidIdentifier(key);
}

function defaultTableName(left: Linkable, right: Linkable, name: string | undefined): string {
  const parts = ["link", toSnakeCase(left.module), left.model, toSnakeCase(right.module), right.model];
  if (name !== undefined) parts.push(toSnakeCase(name));
  return shortenIdentifier(parts.join("_"));
}
