import { defineModule } from "@modlink/core";
import type { Knex } from "knex";
import { APP_DATABASE } from "./app-database.js";
import { type BaseRow, RecordTable } from "./record-table.js";
import { SingleModelService } from "./single-model-service.js";

export const Brand = defineModule("brand", { models: ["brand"] });

export interface BrandRow extends BaseRow {
  readonly name: string;
}

export type BrandModuleService = SingleModelService<BrandRow>;

/** The brand module's service, registered in the container as `brand`. */
export function createBrandService({ knex }: { knex: Knex }): BrandModuleService {
  const table = new RecordTable<BrandRow>({ name: "brands", idPrefix: "brand", columns: (t) => t.text("name").notNullable(), fields: ["name"] });
  return new SingleModelService({ knex, database: APP_DATABASE, linkable: Brand.linkable.brand, table });
}
