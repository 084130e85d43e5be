import type { GraphContext } from "./query-input";
import type { SqlSource } from "./sql-source";

/**
 * The contract between the query engine and a module: how a module describes
 * the records it can be queried for, and how it fetches them. A module
 * implements it once; the engine plans every hop and calls `listRecords`
 * once per module per hop, never once per parent record.
 */

/** The comparisons a module must understand in `RecordQuery.conditions`. */
export const ConditionOperators = ["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "like", "ilike", "null"] as const;
export type ConditionOperator = (typeof ConditionOperators)[number];

/**
 * One condition on one field of the record. `value` is a scalar for the
 * comparisons, an array for `in`/`nin`, a `%` pattern for `like`/`ilike`, and
 * for `null` a boolean: `true` means "is null", `false` "is not null".
 * `eq`/`ne` never carry null (the engine turns that into `null`); `in` with
 * an empty array matches nothing.
 */
export interface FieldCondition {
  readonly field: string;
  readonly op: ConditionOperator;
  readonly value: unknown;
}

export const SortDirections = ["asc", "desc"] as const;
export type SortDirection = (typeof SortDirections)[number];

/** One sort key. Nulls sort last ascending and first descending, as in PostgreSQL. */
export interface OrderTerm {
  readonly field: string;
  readonly direction: SortDirection;
}

/** What the engine asks a module for. Every constraint given combines with AND. */
export interface RecordQuery {
  /** Only records whose primary key is one of these. Omitted: no constraint; empty: no records. */
  readonly ids?: readonly string[];
  /** Conditions on the record's own fields. */
  readonly conditions: readonly FieldCondition[];
  /** The fields the engine reads; return at least these (extra fields are ignored). */
  readonly fields: readonly string[];
  /** Sort keys; the last one is always the primary key, so pages are stable. */
  readonly order: readonly OrderTerm[];
  readonly skip?: number;
  readonly take?: number;
  /** Include soft-deleted records. Without it a module returns live records only. */
  readonly withDeleted: boolean;
  /** The engine needs `count`: the number of matching records before skip/take. */
  readonly withCount: boolean;
}

/** What a module returns: the rows, and the total when `withCount` was asked. */
export interface RecordPage {
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  readonly count?: number;
}

/**
 * What the engine hands a module with each `listRecords` call besides the
 * query: facts about the `graph` call, not constraints on the records.
 */
export interface RecordCallOptions {
  /**
   * The `context` given to `graph({ ..., context })`: the same object,
   * neither copied nor frozen, in every `listRecords` call of that `graph`
   * call; undefined when it gave none. A module may read what it needs
   * (a locale, a currency, a tenant) and ignore the rest.
   */
  readonly context: GraphContext | undefined;
}

/** One model a module can be queried for. */
export interface QueryableModel {
  /** Every field a query may select, filter or sort by, including the primary key. */
  readonly fields: readonly string[];
  /** The model's id field. Default `"id"`; must match the model's linkable. */
  readonly primaryKey?: string;
}

/** Abilities a module declares; the engine never probes for them. */
export interface QueryCapabilities {
  /**
   * The module's reads may run at the same time as other reads: it has its own
   * pool or database. Leave false when it shares one connection with the link
   * store or other modules (PGlite): its fetches then run one at a time.
   */
  readonly parallelReads?: boolean;
}

/**
 * A module the query engine can read from.
 *
 * @example
 * const brandQuery: QueryableModuleService = {
 *   models: { brand: { fields: ["id", "name", "deleted_at"] } },
 *   async listRecords(model, query, options) {
 *     const rows = brandsOf(options?.context?.tenant).filter((b) => (query.withDeleted || !b.deleted_at) && matchesConditions(b, query.conditions))
 *     return { rows: sortRows(rows, query.order).slice(query.skip ?? 0), count: rows.length }
 *   },
 * }
 */
export interface QueryableModuleService {
  /** The models of this module that queries may read, by snake_case model name. */
  readonly models: Readonly<Record<string, QueryableModel>>;
  readonly queryCapabilities?: QueryCapabilities;
  /**
   * Where the module's tables are, when they are SQL tables. With a link store
   * declaring `joinReads` for the same database, hops between such modules
   * are one SQL join and root filters, sorts and pages by linked fields run
   * in SQL, without calling `listRecords`; otherwise it is ignored.
   */
  readonly sqlSource?: SqlSource;
  /**
   * Fetches records of `model` matching `query`: filtered by `ids` and
   * `conditions`, sorted by `order`, then paged by `skip`/`take`; soft-deleted
   * records only with `withDeleted`. The engine always passes `options`
   * (the call's `context`); a module that needs none may declare two
   * parameters only. Reads joined in SQL (`sqlSource`) call no module.
   */
  listRecords(model: string, query: RecordQuery, options?: RecordCallOptions): Promise<RecordPage>;
}
