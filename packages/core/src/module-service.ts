import type { SqlSoftDelete } from "./sql-soft-delete";

/**
 * Where a module service writes, which decides how a failed cascade is undone:
 * - `"joins-transaction"`: every write goes through `context.transaction`, so
 *   the link store's rollback undoes it. modlink never undoes such work itself
 *   (undoing it again after the rollback could revive what a concurrent call
 *   deleted meanwhile).
 * - `"separate"`: the module commits on its own (another database, an API, an
 *   in-memory map). A failed cascade compensates it: the inverse call, with the
 *   cascade's own `deletionId`.
 */
export const ModuleWriteModes = ["joins-transaction", "separate"] as const;
export type ModuleWriteMode = (typeof ModuleWriteModes)[number];

/**
 * What a module offers so cascades can reach its records. Each module that a
 * `deleteCascade` side points at implements it.
 *
 * @example
 * const brandService: LinkableModuleService = {
 *   writeMode: "joins-transaction",
 *   async softDeleteRecords(model, ids, ctx) {
 *     const done = await repo(ctx.transaction).softDelete(model, ids)
 *     return { brand_id: done }
 *   },
 *   async restoreRecords(model, ids, ctx) { ... return { brand_id: restored } },
 * }
 */
export interface LinkableModuleService {
  /**
   * Declares where this service's writes happen (see `ModuleWriteModes`).
   * Omitted means `"separate"`: compensated after a failure. A service that
   * writes through `context.transaction` must say `"joins-transaction"`.
   */
  readonly writeMode?: ModuleWriteMode;

  /**
   * Soft-deletes the records of `model` with these ids and returns, by
   * linkable key, the ids of every record it actually soft-deleted, including
   * records it removed internally (a product's variants under
   * `product_variant_id`). Ids already deleted are left out.
   */
  softDeleteRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds>;

  /**
   * Optional: the soft delete and restore of some models as plain SQL on
   * their tables (see `SqlSoftDelete`). A link store in the same database
   * then runs each cascade step into such a model as one statement with the
   * link rows, inside its transaction, without calling the two methods.
   */
  readonly sqlSoftDelete?: SqlSoftDelete;

  /** The inverse of softDeleteRecords, with the same return shape. */
  restoreRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds>;
}

/** Ids by linkable key: `{ product_id: ["p1"], product_variant_id: ["v1", "v2"] }`. */
export type KeyedIds = Readonly<Record<string, readonly string[]>>;

/** Handed to every service call of a cascade. */
export interface CascadeContext {
  /**
   * The link store's open transaction (a knex transaction for SQL stores), so
   * a module in the same database can join it (and declares
   * `writeMode: "joins-transaction"`). When compensating a `"separate"`
   * module after a rollback: the host's transaction if the call joined one,
   * else undefined.
   */
  readonly transaction: unknown;
  /**
   * The cascade this call belongs to: the deletion that removes the records,
   * or, on restore and in compensation, the deletion that removed them. A
   * module that remembers it can restore exactly what one deletion did.
   */
  readonly deletionId: string;
}

/** Module services by module name, or a function that finds one. */
export type ModuleServices = Readonly<Record<string, LinkableModuleService>> | ((module: string) => LinkableModuleService | undefined);
