import { defineModule } from "@modlink/core";
import type { Knex } from "knex";
import { APP_DATABASE } from "./app-database.js";
import { type BaseRow, RecordTable } from "./record-table.js";
import { SingleModelService } from "./single-model-service.js";

/** The custom module of the reference document, with its `my_custom` model. */
export const Hello = defineModule("helloModuleService", { models: ["my_custom"] });

export interface MyCustomRow extends BaseRow {
  readonly name: string;
}

export type HelloModuleService = SingleModelService<MyCustomRow>;

/** The helloModuleService module's service, registered in the container as `helloModuleService`. */
export function createHelloService({ knex }: { knex: Knex }): HelloModuleService {
  const table = new RecordTable<MyCustomRow>({ name: "my_customs", idPrefix: "mc", columns: (t) => t.text("name").notNullable(), fields: ["name"] });
  return new SingleModelService({ knex, database: APP_DATABASE, linkable: Hello.linkable.myCustom, table });
}
