import { type QueryableModuleService, listRecordsInMemory } from "@modlink/query";
import { type QueryModel, type QueryModuleServices, queryFields, queryModelsByModule, queryRows } from "./query-fixture";

function inMemoryService(models: readonly QueryModel[]): QueryableModuleService {
  return {
    models: Object.fromEntries(models.map((model) => [model, { fields: queryFields[model] }])),
    listRecords: async (model, query) => listRecordsInMemory(queryRows[model as QueryModel], query),
  };
}

/**
 * The fixture's modules over `queryRows`, answered in memory by
 * `listRecordsInMemory`: any store can run `querySuite` with them, without
 * module tables. They declare neither `parallelReads` nor `sqlSource`.
 *
 * @example
 * querySuite({ name: "my store", parallelReads: false, makeStore: async () => ({ store, modules: inMemoryQueryServices(), close }) })
 */
export function inMemoryQueryServices(): QueryModuleServices {
  return {
    product: inMemoryService(queryModelsByModule.product),
    brand: inMemoryService(queryModelsByModule.brand),
    helloModuleService: inMemoryService(queryModelsByModule.helloModuleService),
  };
}
