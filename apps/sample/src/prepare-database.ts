import { syncLinkTables } from "@modlink/knex";
import type { AppContainer } from "./app-container.js";
import { appModuleServices } from "./app-container.js";

/**
 * Creates the modules' tables and the view's if missing, then brings the
 * link tables (and the change feed's) in line with the link definitions
 * (safe changes only; refused ones are logged).
 *
 * @example await prepareDatabase(container)
 */
export async function prepareDatabase(container: AppContainer): Promise<void> {
  // One after the other: PGlite has a single connection.
  for (const service of Object.values(appModuleServices(container))) await service.createTables();
  await container.resolve("productsPerBrand").createTable();
  // With the change feed's tables: the store records every link change for the relay.
  await syncLinkTables(container.resolve("knex"), container.resolve("linkDefinitions"), { onRefused: "warn", changeFeed: true });
}
