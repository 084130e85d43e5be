/**
 * What a module offers so cascades can reach its records. Each module that a
 * `deleteCascade` side points at implements it.
 *
 * @example
 * const brandService: LinkableModuleService = {
 *   async softDeleteRecords(model, ids, ctx) {
 *     const done = await repo(ctx.transaction).softDelete(model, ids)
 *     return { brand_id: done }
 *   },
 *   async restoreRecords(model, ids, ctx) { ... return { brand_id: restored } },
 * }
 */
export interface LinkableModuleService {
  /**
   * Soft-deletes the records of `model` with these ids and returns, by
   * linkable key, the ids of every record it actually soft-deleted, including
   * records it removed internally (a product's variants under
   * `product_variant_id`). Ids already deleted are left out.
   */
  softDeleteRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds>;

  /** The inverse of softDeleteRecords, with the same return shape. */
  restoreRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds>;
}

/** Ids by linkable key: `{ product_id: ["p1"], product_variant_id: ["v1", "v2"] }`. */
export type KeyedIds = Readonly<Record<string, readonly string[]>>;

/** Handed to every service call of a cascade. */
export interface CascadeContext {
  /**
   * The link store's open transaction (a knex transaction for SQL stores), so
   * a module in the same database can join it. When compensating after a
   * rollback: the host's transaction if the call joined one, else undefined.
   */
  readonly transaction: unknown;
  /** The cascade this call belongs to. */
  readonly deletionId: string;
}

/** Module services by module name, or a function that finds one. */
export type ModuleServices =
  | Readonly<Record<string, LinkableModuleService>>
  | ((module: string) => LinkableModuleService | undefined);
