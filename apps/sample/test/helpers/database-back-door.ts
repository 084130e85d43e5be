import { linkTableOf } from "@modlink/core";
import type { Knex } from "knex";
import { productBrand } from "../../src/links/product-brand.js";
import { productCustom } from "../../src/links/product-custom.js";
import { variantInventory } from "../../src/links/variant-inventory.js";

/** Named one by one, not loaded: the back door does not go through the app. */
const links = [productBrand, productCustom, variantInventory];

/**
 * Reads the app's tables directly, not through the app or modlink, so a test
 * sees what was committed whatever the code under test reports.
 */
export class DatabaseBackDoor {
  readonly #knex: Knex;

  constructor(knex: Knex) {
    this.#knex = knex;
  }

  /** Live rows of every link table whose product-side id (a product or a variant) is one of `ids`. */
  async liveLinks(ids: readonly string[]): Promise<number> {
    let live = 0;
    for (const definition of links) {
      // Every link of the sample has the product module on its left.
      const table = linkTableOf(definition);
      const row: { count?: unknown } | undefined = await this.#knex(table.name)
        .whereIn(table.left.column, [...ids])
        .whereNull("deleted_at")
        .count({ count: "*" })
        .first();
      live += Number(row?.count ?? 0);
    }
    return live;
  }

  /** Whether the row `id` of a module table is soft-deleted; fails when there is no such row. */
  async isDeleted(table: "products" | "product_variants" | "my_customs", id: string): Promise<boolean> {
    const row: { deleted_at: Date | null } | undefined = await this.#knex(table).where({ id }).first("deleted_at");
    if (!row) throw new Error(`No row "${id}" in ${table}.`);
    return row.deleted_at !== null;
  }
}
