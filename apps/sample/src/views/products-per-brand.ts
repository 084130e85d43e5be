import type { LinkEventMessage } from "@modlink/core";
import type { Knex } from "knex";
import { productBrand } from "../links/product-brand.js";
import type { EventSubscriber } from "./local-event-bus.js";

const TABLE = "view_brand_products";

/** What a link event does to the view: the pair is now linked, or no longer. */
const EFFECTS: Readonly<Record<string, "add" | "remove">> = {
  "link.created": "add",
  "link.restored": "add",
  "link.dismissed": "remove",
  "link.deleted": "remove",
};

/**
 * A view derived from link events: which products each brand has, kept in
 * a table of the app's database. Each event's effect is idempotent (insert
 * if missing, delete if present) and a pair's events arrive in order, so a
 * batch delivered again (the relay delivers at least once) leaves the same
 * rows.
 *
 * @example
 * const view = new ProductsPerBrandView(knex)
 * await view.createTable()
 * await view.counts() // [{ brand_id: "brand_acme", products: 2 }]
 */
export class ProductsPerBrandView implements EventSubscriber {
  readonly #knex: Knex;

  constructor({ knex }: { knex: Knex }) {
    this.#knex = knex;
  }

  async createTable(): Promise<void> {
    if (await this.#knex.schema.hasTable(TABLE)) return;
    await this.#knex.schema.createTable(TABLE, (t) => {
      t.text("brand_id").notNullable();
      t.text("product_id").notNullable();
      t.primary(["brand_id", "product_id"]);
    });
  }

  async handle(messages: readonly LinkEventMessage[]): Promise<void> {
    const mine = messages.filter((message) => message.data.link === productBrand.table && EFFECTS[message.name] !== undefined);
    if (mine.length === 0) return;
    // In order, in one transaction: the batch applies whole or, failing, is delivered again.
    await this.#knex.transaction(async (trx) => {
      for (const message of mine) {
        const row = { brand_id: String(message.data.brand_id), product_id: String(message.data.product_id) };
        if (EFFECTS[message.name] === "add") await trx(TABLE).insert(row).onConflict(["brand_id", "product_id"]).ignore();
        else await trx(TABLE).where(row).delete();
      }
    });
  }

  /** Products per brand, brands without products left out, by brand id. */
  async counts(): Promise<{ brand_id: string; products: number }[]> {
    const rows = (await this.#knex(TABLE).select("brand_id").count({ products: "*" }).groupBy("brand_id").orderBy("brand_id")) as {
      brand_id: string;
      products: unknown;
    }[];
    return rows.map((row) => ({ brand_id: row.brand_id, products: Number(row.products) }));
  }
}
