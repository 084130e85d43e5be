import { type QueryableModuleService, listRecordsInMemory } from "./core-query";
import { Fields, rows } from "./fixtures";

type Model = keyof typeof Fields;

function memoryModule(models: readonly Model[]): QueryableModuleService {
  return {
    models: Object.fromEntries(models.map((model) => [model, { fields: Fields[model] }])),
    listRecords: async (model, query) => listRecordsInMemory(rows[model as Model], query),
  };
}

/** The three modules over the fixture rows, in memory. */
export function memoryModules(): Record<string, QueryableModuleService> {
  return { product: memoryModule(["product"]), brand: memoryModule(["brand"]), helloModuleService: memoryModule(["my_custom"]) };
}
