import { type CascadeContext, type KeyedIds, type LinkableModuleService, defineLink, defineModule } from "@modlink/core";

export const Product = defineModule("product", { models: ["product"] });
export const Brand = defineModule("brand", { models: ["brand"] });
export const Hello = defineModule("helloModuleService", { models: ["my_custom"] });

export const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);
export const productCustom = defineLink(Product.linkable.product, { linkable: Hello.linkable.myCustom, deleteCascade: true }, {
  database: { extraColumns: { metadata: { type: "json", nullable: true } } },
});

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
