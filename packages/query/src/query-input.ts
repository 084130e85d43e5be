import type { SortDirection } from "./queryable-module";

/** A value a filter compares with; `null` only where it means "is null" (a field's value, `$eq`, `$ne`). */
export type FilterScalar = string | number | boolean | bigint | Date | null;

/** What `$in`/`$nin` and a bare array list: values, never null, at most `MAX_FILTER_LIST_VALUES` of them. */
type FilterListValue = Exclude<FilterScalar, null>;

/** Comparisons of one field; several combine with AND. `$like` patterns use `%` and `_`. */
export interface FilterOperators {
  readonly $eq?: FilterScalar;
  readonly $ne?: FilterScalar;
  readonly $in?: readonly FilterListValue[];
  readonly $nin?: readonly FilterListValue[];
  readonly $gt?: FilterScalar;
  readonly $gte?: FilterScalar;
  readonly $lt?: FilterScalar;
  readonly $lte?: FilterScalar;
  readonly $like?: string;
  readonly $ilike?: string;
  /** `true`: the field is null; `false`: it is not. */
  readonly $null?: boolean;
}

/**
 * Conditions on an entity, combined with AND. A field takes a value (equal),
 * an array (one of), null (is null) or operators; a relation takes the
 * filters of its records, and matches when some linked record matches them.
 *
 * @example { title: { $like: "Shirt%" }, brand: { name: "acme" } }
 */
export interface GraphFilters {
  readonly [fieldOrRelation: string]: FilterScalar | readonly FilterListValue[] | FilterOperators | GraphFilters | undefined;
}

/** A sort key: `"title"`, `"brand.name"` (ascending) or `{ field, direction }`. */
export type OrderInput = string | { readonly field: string; readonly direction?: SortDirection };

/** Paging and order of one list relation, applied to each parent's list. */
export interface RelationPagination {
  readonly skip?: number;
  readonly take?: number;
  /** Fields of the linked record or `link.<column>`; default: its primary key. */
  readonly order?: readonly OrderInput[];
}

export interface GraphPagination {
  readonly skip?: number;
  readonly take?: number;
  /** By relation path from the root entity, e.g. `products` or `products.my_customs`. */
  readonly relations?: Readonly<Record<string, RelationPagination>>;
}

/**
 * What a `graph` call hands, unchanged, to every module it reads through
 * `listRecords` (its third argument's `context`): a locale, a currency, a
 * tenant. Medusa's `query.graph` takes `context` in the same place.
 *
 * @example { locale: "fr-FR", currency_code: "eur" }
 */
export type GraphContext = Readonly<Record<string, unknown>>;

/**
 * What `LinkQuery.graph` reads.
 *
 * @example
 * { entity: "product", fields: ["id", "title", "brand.*", "my_customs.link.metadata"],
 *   filters: { brand: { name: "acme" } }, order: ["brand.name"], pagination: { skip: 20, take: 10 } }
 */
export interface GraphQuery {
  /** A model name (`product`), or `module.model` when several modules have that model. */
  readonly entity: string;
  /** Own fields, `*`, and relation paths (`brand.name`, `brand.*`, `my_customs.link.*`). Default `["*"]`. */
  readonly fields?: readonly string[];
  readonly filters?: GraphFilters;
  /** Root sort keys, by own fields or fields reached through "one" relations (`brand.name`). */
  readonly order?: readonly OrderInput[];
  readonly pagination?: GraphPagination;
  /** Include soft-deleted records and links. */
  readonly withDeleted?: boolean;
  /** Passed as it is to every `listRecords` call of this query; never read by the engine. */
  readonly context?: GraphContext;
}

export type GraphRecord = Record<string, unknown>;

export interface GraphResult {
  readonly data: GraphRecord[];
  readonly metadata: {
    /** Root records matching the filters, before paging. */
    readonly count: number;
    readonly skip: number;
    readonly take: number | null;
  };
}
