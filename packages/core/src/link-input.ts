import type { Linkable } from "./define-module";
import type { AnyLinkDefinition, LinkDefinition } from "./define-link";
import type { ExtraColumns, ExtraData } from "./extra-columns";

/*
 * Input types derived from the application's link definitions, so that a
 * create naming an unknown module, an unknown key or two models no link joins
 * fails to compile. Key order is invisible to types; direction is checked at
 * run time.
 */

/** One id, or several. */
export type Ids = string | readonly string[];

type Side<L extends Linkable, V> = { [M in L["module"]]: { [K in L["key"]]: V } };

type NameField<N> = [N] extends [never] ? { link?: never } : { link?: N };

type PairOf<D, V, WithData extends boolean> =
  D extends LinkDefinition<infer L, infer R, infer X extends ExtraColumns, infer N>
    ? Side<L, V> & Side<R, V> & NameField<N> & (WithData extends true ? { data?: ExtraData<X> } : { data?: never })
    : never;

/** `create` input: `{ product: { product_id }, brand: { brand_id }, data? }`. */
export type CreateInput<Ds extends readonly AnyLinkDefinition[]> = PairOf<Ds[number], string, true>;

/** `dismiss` input: a pair, in the definition's direction. */
export type DismissInput<Ds extends readonly AnyLinkDefinition[]> = PairOf<Ds[number], string, false>;

/**
 * `replace` input: one record (a single id) and the complete new set of its
 * partners on the other side (an array, possibly empty).
 */
export type ReplaceInput<Ds extends readonly AnyLinkDefinition[]> = PairOf<Ds[number], Ids, true>;

/** Module names used by a set of definitions. */
export type ModulesOf<Ds extends readonly AnyLinkDefinition[]> = Ds[number] extends infer D
  ? D extends LinkDefinition<infer L, infer R, ExtraColumns, string>
    ? L["module"] | R["module"]
    : never
  : never;

/** Keys a module uses in a set of definitions. */
export type KeysOf<Ds extends readonly AnyLinkDefinition[], M extends string> = Ds[number] extends infer D
  ? D extends LinkDefinition<infer L, infer R, ExtraColumns, string>
    ? (M extends L["module"] ? L["key"] : never) | (M extends R["module"] ? R["key"] : never)
    : never
  : never;

/**
 * `delete` / `restore` input: records by module and key, one id or several
 * per key, several modules at once: `{ product: { product_id: ["p1", "p2"] } }`.
 */
export type RecordsInput<Ds extends readonly AnyLinkDefinition[]> = {
  [M in ModulesOf<Ds>]?: { [K in KeysOf<Ds, M>]?: Ids };
};

/** Names given to links with `options.name`. */
export type LinkNamesOf<Ds extends readonly AnyLinkDefinition[]> = Ds[number] extends infer D
  ? D extends LinkDefinition<Linkable, Linkable, ExtraColumns, infer N>
    ? N
    : never
  : never;

/**
 * `list` input: one module (every link of its keys) or two (the links between
 * them), each key optional, ids optional: `{ product: { product_id: "p1" }, brand: {} }`.
 */
export type ListInput<Ds extends readonly AnyLinkDefinition[]> = RecordsInput<Ds> & { link?: LinkNamesOf<Ds> };
