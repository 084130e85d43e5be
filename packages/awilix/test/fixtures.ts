import { defineLink, defineModule, type CascadeContext, type KeyedIds, type LinkableModuleService } from "@modlink/core";
import { listRecordsInMemory, type QueryableModel, type QueryableModuleService, type RecordPage, type RecordQuery } from "@modlink/query";

export const Product = defineModule("product", { models: ["product"] });
export const Brand = defineModule("brand", { models: ["brand"] });
export const Hello = defineModule("helloModuleService", { models: ["my_custom"] });

export const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);
export const productCustom = defineLink(
  Product.linkable.product,
  { linkable: Hello.linkable.myCustom, deleteCascade: true },
  {
    database: { extraColumns: { metadata: { type: "json", nullable: true } } },
  },
);

export const links = [productBrand, productCustom] as const;

/** A module service keeping soft-delete marks in memory: enough of a module for cascades. */
export class InMemoryModuleService implements LinkableModuleService {
  readonly deleted = new Set<string>();
  readonly #key: string;

  constructor(key: string) {
    this.#key = key;
  }

  async softDeleteRecords(_model: string, ids: readonly string[], _context: CascadeContext): Promise<KeyedIds> {
    const changed = ids.filter((id) => !this.deleted.has(id));
    for (const id of changed) this.deleted.add(id);
    return { [this.#key]: changed };
  }

  async restoreRecords(_model: string, ids: readonly string[], _context: CascadeContext): Promise<KeyedIds> {
    const changed = ids.filter((id) => this.deleted.has(id));
    for (const id of changed) this.deleted.delete(id);
    return { [this.#key]: changed };
  }
}

type Row = Readonly<Record<string, unknown>>;

/**
 * A module holding one model's records in memory that cascades can delete and
 * queries can read: what a registered module service usually is.
 */
export class InMemoryRecordsService extends InMemoryModuleService implements QueryableModuleService {
  readonly models: Readonly<Record<string, QueryableModel>>;
  readonly #rows: readonly Row[];

  constructor(key: string, model: string, rows: readonly Row[]) {
    super(key);
    const fields = [...new Set(rows.flatMap((row) => Object.keys(row))), "deleted_at"];
    this.models = { [model]: { fields } };
    this.#rows = rows;
  }

  async listRecords(_model: string, query: RecordQuery): Promise<RecordPage> {
    const rows = this.#rows.map((row) => ({ ...row, deleted_at: this.deleted.has(String(row.id)) ? new Date() : null }));
    return listRecordsInMemory(rows, query);
  }
}

/** The product, brand and helloModuleService modules with a few records each. */
export function recordServices() {
  return {
    product: new InMemoryRecordsService("product_id", "product", [
      { id: "prod_1", title: "Shirt" },
      { id: "prod_2", title: "Mug" },
    ]),
    brand: new InMemoryRecordsService("brand_id", "brand", [
      { id: "brand_1", name: "Acme" },
      { id: "brand_2", name: "Globex" },
    ]),
    helloModuleService: new InMemoryRecordsService("my_custom_id", "my_custom", [{ id: "mc_1", name: "Gift wrap" }]),
  };
}
