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

/** One object type, not an intersection, easier to read in messages. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * The modules a pair does not name, as absent keys. They make each pair
 * discriminable by its modules, so that TypeScript reports a mistake (in
 * `data`, say) against the link the input names, not against another.
 */
type OtherModules<All extends string, L extends Linkable, R extends Linkable> = { [M in Exclude<All, L["module"] | R["module"]>]?: never };

/**
 * The type of `data` where none is taken. A string type, so that the
 * compiler's message quotes it: `Type '{ rank: number; }' is not assignable
 * to type '"none: this link has no extra columns"'`. Run time refuses any
 * `data` there as well.
 */
type NoData<Why extends string> = `none: ${Why}`;

type DataOf<X extends ExtraColumns, WithData extends boolean> = WithData extends true
  ? [keyof X] extends [never]
    ? { data?: NoData<"this link has no extra columns"> }
    : { data?: ExtraData<X> }
  : { data?: NoData<"dismiss takes no data"> };

type PairOf<D, V, WithData extends boolean, All extends string> =
  D extends LinkDefinition<infer L, infer R, infer X extends ExtraColumns, infer N>
    ? Flat<Side<L, V> & Side<R, V> & OtherModules<All, L, R> & NameField<N> & DataOf<X, WithData>>
    : never;

/** `create` input: `{ product: { product_id }, brand: { brand_id }, data? }`. */
export type CreateInput<Ds extends readonly AnyLinkDefinition[]> = PairOf<Ds[number], string, true, ModulesOf<Ds>>;

/** `dismiss` input: a pair, in the definition's direction. */
export type DismissInput<Ds extends readonly AnyLinkDefinition[]> = PairOf<Ds[number], string, false, ModulesOf<Ds>>;

/**
 * `replace` input: one record (a single id) and the complete new set of its
 * partners on the other side (an array, possibly empty).
 */
export type ReplaceInput<Ds extends readonly AnyLinkDefinition[]> = PairOf<Ds[number], Ids, true, ModulesOf<Ds>>;

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
