import { defineModule } from "@modlink/core";

/*
 * Modules written the Medusa way, knowing nothing of modlink: per model a
 * `softDelete<Models>(ids, config, sharedContext)` and `restore<Models>(...)`
 * returning ids by their own linkable keys, over records with `deleted_at`.
 */

export const Product = defineModule("product", { models: ["product", "product_variant"] });
export const Hello = defineModule("helloModuleService", { models: ["my_custom"] });

/** Medusa's second argument. */
interface SoftDeleteConfig {
  returnLinkableKeys?: string[];
}

/** Medusa's third argument. */
interface SharedContext {
  transactionManager?: unknown;
}

interface Row {
  readonly id: string;
  deleted_at: Date | null;
}

/** Soft-deletable rows in memory; tests read it behind the module's back. */
export class SoftDeleteTable<R extends Row> {
  readonly #rows = new Map<string, R>();

  insert(row: R): void {
    this.#rows.set(row.id, row);
  }

  isDeleted(id: string): boolean {
    return this.#rows.get(id)?.deleted_at != null;
  }

  where(test: (row: R) => boolean): R[] {
    return [...this.#rows.values()].filter(test);
  }

  /** Marks the live rows among `ids` deleted at `at`; returns them. */
  softDelete(ids: readonly string[], at: Date): R[] {
    const rows = ids.map((id) => this.#rows.get(id)).filter((row): row is R => row !== undefined && row.deleted_at === null);
    for (const row of rows) row.deleted_at = at;
    return rows;
  }

  /** Clears the mark of the deleted rows among `ids`; returns them. */
  restore(ids: readonly string[]): R[] {
    const rows = ids.map((id) => this.#rows.get(id)).filter((row): row is R => row !== undefined && row.deleted_at !== null);
    for (const row of rows) row.deleted_at = null;
    return rows;
  }
}

const idsOf = (rows: readonly Row[]) => rows.map((row) => row.id);

/**
 * A product module that cascades internally: soft-deleting a product
 * soft-deletes its variants and images, and restoring it restores those that
 * went with it. It reports all three keys whatever it was asked for, in its
 * own names (`variant_id`, and `image_id`, which no link uses).
 */
export class ProductModuleService {
  readonly products = new SoftDeleteTable<Row>();
  readonly variants = new SoftDeleteTable<Row & { readonly product_id: string }>();
  readonly images = new SoftDeleteTable<Row & { readonly product_id: string }>();

  createProduct(id: string, children: { variants?: string[]; images?: string[] } = {}): void {
    this.products.insert({ id, deleted_at: null });
    for (const variant of children.variants ?? []) this.variants.insert({ id: variant, product_id: id, deleted_at: null });
    for (const image of children.images ?? []) this.images.insert({ id: image, product_id: id, deleted_at: null });
  }

  async softDeleteProducts(ids: string[], _config: SoftDeleteConfig = {}, _sharedContext: SharedContext = {}): Promise<Record<string, string[]>> {
    const at = new Date();
    const products = new Set(idsOf(this.products.softDelete(ids, at)));
    const childrenOf = (table: SoftDeleteTable<Row & { readonly product_id: string }>) =>
      table.softDelete(idsOf(table.where((row) => products.has(row.product_id))), at);
    return { product_id: [...products], variant_id: idsOf(childrenOf(this.variants)), image_id: idsOf(childrenOf(this.images)) };
  }

  async restoreProducts(ids: string[], _config: SoftDeleteConfig = {}, _sharedContext: SharedContext = {}): Promise<Record<string, string[]>> {
    const deletedAt = new Map(this.products.where((row) => row.deleted_at !== null).map((row) => [row.id, row.deleted_at?.getTime()]));
    const products = new Set(idsOf(this.products.restore(ids)));
    // A child comes back only if it was deleted with its product, not before.
    const childrenOf = (table: SoftDeleteTable<Row & { readonly product_id: string }>) =>
      table.restore(idsOf(table.where((row) => products.has(row.product_id) && row.deleted_at?.getTime() === deletedAt.get(row.product_id))));
    return { product_id: [...products], variant_id: idsOf(childrenOf(this.variants)), image_id: idsOf(childrenOf(this.images)) };
  }

  async softDeleteVariants(ids: string[]): Promise<Record<string, string[]>> {
    return { variant_id: idsOf(this.variants.softDelete(ids, new Date())) };
  }

  async restoreVariants(ids: string[]): Promise<Record<string, string[]>> {
    return { variant_id: idsOf(this.variants.restore(ids)) };
  }
}

/** A module with one model, `MyCustom`, and Medusa's generated method names. */
export class HelloModuleService {
  readonly myCustoms = new SoftDeleteTable<Row>();

  createMyCustom(id: string): void {
    this.myCustoms.insert({ id, deleted_at: null });
  }

  async softDeleteMyCustoms(ids: string[], _config: SoftDeleteConfig = {}, _sharedContext: SharedContext = {}): Promise<Record<string, string[]> | void> {
    return { my_custom_id: idsOf(this.myCustoms.softDelete(ids, new Date())) };
  }

  async restoreMyCustoms(ids: string[], _config: SoftDeleteConfig = {}, _sharedContext: SharedContext = {}): Promise<Record<string, string[]> | void> {
    return { my_custom_id: idsOf(this.myCustoms.restore(ids)) };
  }
}

/** The adapter options the product module needs: its variant methods and key are not Medusa's generated names. */
export const productVariantOptions = { softDelete: "softDeleteVariants", restore: "restoreVariants", key: "variant_id" };
