import { defineModule } from "@modlink/core";
import type { Knex } from "knex";
import { APP_DATABASE } from "./app-database.js";
import { type BaseRow, RecordTable } from "./record-table.js";
import { SingleModelService } from "./single-model-service.js";

export const Inventory = defineModule("inventory", { models: ["inventory_item"] });

export interface InventoryItemRow extends BaseRow {
  readonly sku: string;
  readonly quantity: number;
}

export type InventoryModuleService = SingleModelService<InventoryItemRow>;

/** The inventory module's service, registered in the container as `inventory`. */
export function createInventoryService({ knex }: { knex: Knex }): InventoryModuleService {
  const table = new RecordTable<InventoryItemRow>({
    name: "inventory_items",
    idPrefix: "iitem",
    columns: (t) => {
      t.text("sku").notNullable();
      t.integer("quantity").notNullable().defaultTo(0);
    },
    fields: ["sku", "quantity"],
  });
  return new SingleModelService({ knex, database: APP_DATABASE, linkable: Inventory.linkable.inventoryItem, table });
}
