/** One end of a read-only link: a model and the field that is matched. */
export interface ReadOnlyLinkEnd {
  readonly module: string;
  readonly model: string;
  readonly field: string;
}

/**
 * A link that a module already stores in a field of its own records (a
 * foreign key): no link table, never written by modlink, readable in queries
 * from `from` to `to`. Made by `defineReadOnlyLink`.
 */
export interface ReadOnlyLink {
  readonly kind: "read-only";
  /** Readable label used in messages, e.g. `product.product.brand_id -> brand.brand.id`. */
  readonly label: string;
  /** Tells apart several read-only links between the same two models. */
  readonly name: string | undefined;
  readonly from: ReadOnlyLinkEnd;
  /** `isList`: several `to` records may match one `from` record. */
  readonly to: ReadOnlyLinkEnd & { readonly isList: boolean };
}

/** The target of a read-only link: a linkable, or a linkable with its matched field. */
export type ReadOnlyTargetInput =
  | Linkable
  | {
      readonly linkable: Linkable;
      /** The field of the target matched against `from.field`. Default: its primary key. */
      readonly field?: string;
      /** Several targets may match one source record; the relation is a list. */
      readonly isList?: boolean;
    };

/**
 * Declares that `from.field` of one model holds the `to` field (by default the
 * primary key) of another, so queries can follow it. Follow the other
 * direction with a second read-only link.
 *
 * @example
 * const productBrand = defineReadOnlyLink({ linkable: Product.linkable.product, field: "brand_id" }, Brand.linkable.brand)
 * const brandProducts = defineReadOnlyLink(
 *   { linkable: Brand.linkable.brand, field: "id" },
 *   { linkable: Product.linkable.product, field: "brand_id", isList: true },
 * )
 */
export function defineReadOnlyLink(
  from: { readonly linkable: Linkable; readonly field: string },
  to: ReadOnlyTargetInput,
  options: { readonly name?: string } = {},
): ReadOnlyLink {
  readOptions(options, "defineReadOnlyLink()'s options", ["name"]);
  if (isPlainObject(from)) readOptions(from, "defineReadOnlyLink()'s first argument", ["linkable", "field"]);
  const source = resolveEnd(from, "first");
  const targetInput = to && "linkable" in to ? to : { linkable: to };
  if (to && "linkable" in to) readOptions(to, "defineReadOnlyLink()'s second argument", ["linkable", "field", "isList"]);
  const target = resolveEnd({ linkable: targetInput.linkable, field: targetInput.field ?? targetInput.linkable?.primaryKey }, "second");
  const label =
    `${source.module}.${source.model}.${source.field} -> ${target.module}.${target.model}.${target.field}` +
    (options.name === undefined ? "" : ` (${options.name})`);
  if (options.name !== undefined && !isValidName(options.name)) {
    throw new LinkDefinitionError("INVALID_DEFINITION", `Read-only link ${label}: name must be letters, digits and underscores.`, label);
  }
  return Object.freeze({
    kind: "read-only",
    label,
    name: options.name,
    from: source,
    to: Object.freeze({ ...target, isList: "isList" in targetInput && targetInput.isList === true }),
  });
}

function resolveEnd(input: { linkable?: Linkable; field?: unknown } | undefined, position: "first" | "second"): ReadOnlyLinkEnd {
  const linkable = input?.linkable;
  if (!linkable || !isValidName(linkable.module) || !isValidName(linkable.model)) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `The ${position} argument of defineReadOnlyLink needs a linkable: { linkable: Module.linkable.<model>, field: "<field>" }.`,
    );
  }
  if (typeof input.field !== "string" || input.field.length === 0) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `The ${position} argument of defineReadOnlyLink (${linkable.module}.${linkable.model}) ` +
        `needs the name of the field that holds the key, e.g. field: "brand_id".`,
    );
  }
  return Object.freeze({ module: linkable.module, model: linkable.model, field: input.field });
}
import { LinkDefinitionError, type Linkable } from "@modlink/core";
import { isPlainObject, isValidName } from "@modlink/core/store";
import { readOptions } from "./option-names";
