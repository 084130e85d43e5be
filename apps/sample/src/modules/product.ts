import { defineModule, type CascadeContext, type KeyedIds } from "@modlink/core";
import type { QueryableModel, RecordPage, RecordQuery, SqlSource } from "@modlink/query";
import type { Knex } from "knex";
import { APP_DATABASE } from "./app-database.js";
import { type AppModuleService, unknownModel } from "./app-module-service.js";
import { dbOf } from "./db-of.js";
import { type BaseRow, RecordTable } from "./record-table.js";

export const Product = defineModule("product", { models: ["product", "product_variant"] });

const PRODUCT_KEY = Product.linkable.product.key;
const VARIANT_KEY = Product.linkable.productVariant.key;
const PRODUCT_MODEL = Product.linkable.product.model;
const VARIANT_MODEL = Product.linkable.productVariant.model;

export interface ProductRow extends BaseRow {
  readonly title: string;
}

export interface VariantRow extends BaseRow {
  readonly product_id: string;
  readonly title: string;
  readonly sku: string | null;
}

export interface ProductWithVariants extends ProductRow {
  readonly variants: VariantRow[];
}

export interface NewProduct {
  readonly id?: string;
  readonly title: string;
  readonly variants?: ReadonlyArray<{ readonly id?: string; readonly title: string; readonly sku?: string | null }>;
}

/** Records input of RemoteLink.delete/restore for the product module's own result, leaving out keys with no ids. */
export type ProductRecords = { product_id?: string[]; product_variant_id?: string[] };

/**
 * Turns what the product module deleted or restored into the `product`
 * records of `remoteLink.delete` / `remoteLink.restore`.
 *
 * @example await remoteLink.delete({ product: productRecords(await productService.deleteProducts([id], trx)) }, { transaction: trx })
 */
export function productRecords(changed: KeyedIds): ProductRecords {
  const records: ProductRecords = {};
  for (const key of [PRODUCT_KEY, VARIANT_KEY]) {
    const ids = changed[key] ?? [];
    if (ids.length > 0) records[key] = [...ids];
  }
  return records;
}

/**
 * The product module: products and their variants. Deleting a product
 * soft-deletes its variants; restoring it brings back the variants deleted
 * with it (same `deleted_at`), not those deleted before. Queries read both
 * models (`listRecords`, or SQL joins through `sqlSource`).
 *
 * @example
 * const { product_id, product_variant_id } = await productService.deleteProducts(["prod_shirt"])
 */
export class ProductModuleService implements AppModuleService {
  /** Cascades run its writes on the link store's transaction: a rollback undoes them. */
  readonly writeMode = "joins-transaction";
  readonly #knex: Knex;
  readonly #products = new RecordTable<ProductRow>({ name: "products", idPrefix: "prod", columns: (t) => t.text("title").notNullable(), fields: ["title"] });
  readonly #variants = new RecordTable<VariantRow>({
    name: "product_variants",
    idPrefix: "variant",
    columns: (t) => {
      t.text("product_id").notNullable().references("id").inTable("products").index();
      t.text("title").notNullable();
      t.text("sku").nullable();
    },
    fields: ["product_id", "title", "sku"],
  });

  readonly models: Readonly<Record<string, QueryableModel>>;
  readonly sqlSource: SqlSource;

  /** awilix injects the cradle: `asClass(ProductModuleService)`. */
  constructor({ knex }: { knex: Knex }) {
    this.#knex = knex;
    this.models = Object.freeze({ [PRODUCT_MODEL]: { fields: this.#products.fields }, [VARIANT_MODEL]: { fields: this.#variants.fields } });
    this.sqlSource = Object.freeze({
      database: APP_DATABASE,
      tables: { [PRODUCT_MODEL]: { table: this.#products.name }, [VARIANT_MODEL]: { table: this.#variants.name } },
    });
  }

  async createTables(): Promise<void> {
    await this.#products.createIfMissing(this.#knex);
    await this.#variants.createIfMissing(this.#knex);
  }

  async createProduct(input: NewProduct, db: Knex = this.#knex): Promise<ProductWithVariants> {
    return db.transaction(async (trx) => {
      const [product] = await this.#products.insert(trx, [{ id: input.id, title: input.title }]);
      if (!product) throw new Error(`Product "${input.title}" was not inserted.`);
      const variants = await this.#variants.insert(
        trx,
        (input.variants ?? []).map((v) => ({ id: v.id, product_id: product.id, title: v.title, sku: v.sku ?? null })),
      );
      return { ...product, variants };
    });
  }

  async listProducts(options: { withDeleted?: boolean } = {}): Promise<ProductWithVariants[]> {
    const products = await this.#products.list(this.#knex, options);
    const variants = await this.#variants.list(this.#knex, { ...options, where: { column: "product_id", values: products.map((p) => p.id) } });
    return products.map((product) => ({ ...product, variants: variants.filter((v) => v.product_id === product.id) }));
  }

  /** The product with all its variants (deleted ones included), deleted or not; undefined if it never existed. */
  async retrieveProduct(id: string, db: Knex = this.#knex): Promise<ProductWithVariants | undefined> {
    const product = await this.#products.find(db, id);
    if (!product) return undefined;
    const variants = await this.#variants.list(db, { withDeleted: true, where: { column: "product_id", values: [id] } });
    return { ...product, variants };
  }

  /**
   * Soft-deletes products and their live variants; returns what changed by
   * linkable key. Give the request's transaction as `db` and to the
   * `remoteLink.delete` that follows, so both commit together.
   */
  async deleteProducts(ids: readonly string[], db: Knex = this.#knex): Promise<KeyedIds> {
    return db.transaction(async (trx) => {
      const at = new Date();
      const products = await this.#products.softDelete(trx, ids, at);
      const variants = await this.#variants.softDelete(trx, products, at, { column: "product_id" });
      return { [PRODUCT_KEY]: products, [VARIANT_KEY]: variants };
    });
  }

  /** Restores products and the variants deleted together with them (`db`: as for `deleteProducts`). */
  async restoreProducts(ids: readonly string[], db: Knex = this.#knex): Promise<KeyedIds> {
    return db.transaction(async (trx) => {
      const deletedWith: string[] = await trx("product_variants as v")
        .join("products as p", "p.id", "v.product_id")
        .whereIn("p.id", [...ids])
        .whereNotNull("p.deleted_at")
        .whereRaw("v.deleted_at = p.deleted_at")
        .pluck("v.id");
      const products = await this.#products.restore(trx, ids);
      const variants = await this.#variants.restore(trx, deletedWith);
      return { [PRODUCT_KEY]: products, [VARIANT_KEY]: variants };
    });
  }

  async deleteVariants(ids: readonly string[], db: Knex = this.#knex): Promise<KeyedIds> {
    return { [VARIANT_KEY]: await this.#variants.softDelete(db, ids, new Date()) };
  }

  async restoreVariants(ids: readonly string[], db: Knex = this.#knex): Promise<KeyedIds> {
    return { [VARIANT_KEY]: await this.#variants.restore(db, ids) };
  }

  async softDeleteRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    const db = dbOf(context, this.#knex);
    if (model === PRODUCT_MODEL) return this.deleteProducts(ids, db);
    if (model === VARIANT_MODEL) return this.deleteVariants(ids, db);
    throw unknownModel(Product.name, `model "${model}"`, [PRODUCT_MODEL, VARIANT_MODEL]);
  }

  async restoreRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    const db = dbOf(context, this.#knex);
    if (model === PRODUCT_MODEL) return this.restoreProducts(ids, db);
    if (model === VARIANT_MODEL) return this.restoreVariants(ids, db);
    throw unknownModel(Product.name, `model "${model}"`, [PRODUCT_MODEL, VARIANT_MODEL]);
  }

  async listRecords(model: string, query: RecordQuery): Promise<RecordPage> {
    if (model === PRODUCT_MODEL) return this.#products.query(this.#knex, query);
    if (model === VARIANT_MODEL) return this.#variants.query(this.#knex, query);
    throw unknownModel(Product.name, `model "${model}"`, [PRODUCT_MODEL, VARIANT_MODEL]);
  }

  async lockLiveRecords(ids: KeyedIds, trx: Knex.Transaction): Promise<KeyedIds> {
    const unknown = Object.keys(ids).find((key) => key !== PRODUCT_KEY && key !== VARIANT_KEY);
    if (unknown !== undefined) throw unknownModel(Product.name, `key "${unknown}"`, [PRODUCT_KEY, VARIANT_KEY]);
    // Products before variants: the order deleteProducts locks them in.
    const products = await this.#products.lockLive(trx, ids[PRODUCT_KEY] ?? []);
    const variants = await this.#variants.lockLive(trx, ids[VARIANT_KEY] ?? []);
    return { [PRODUCT_KEY]: products, [VARIANT_KEY]: variants };
  }

  async isEmpty(): Promise<boolean> {
    return (await this.#products.count(this.#knex)) === 0;
  }
}
