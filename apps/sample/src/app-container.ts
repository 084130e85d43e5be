import { type ModlinkCradle, type ModlinkEventsCradle, registerModlink } from "@modlink/awilix";
import type { EventBus } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import { type AwilixContainer, asClass, asFunction, asValue, createContainer } from "awilix";
import type { Knex } from "knex";
import { type AppLinks, loadAppLinks } from "./app-links.js";
import { APP_DATABASE } from "./modules/app-database.js";
import type { AppModuleService } from "./modules/app-module-service.js";
import { type AppModuleName, modules } from "./modules/app-modules.js";
import { type BrandModuleService, createBrandService } from "./modules/brand.js";
import { type HelloModuleService, createHelloService } from "./modules/hello.js";
import { type InventoryModuleService, createInventoryService } from "./modules/inventory.js";
import { ProductModuleService } from "./modules/product.js";
import { readOnlyLinks } from "./read-only-links.js";
import { LocalEventBus } from "./views/local-event-bus.js";
import { ProductsPerBrandView } from "./views/products-per-brand.js";

/**
 * Everything the app resolves. Module services are registered under their
 * module names, which is where `@modlink/awilix` looks for them by default.
 */
export interface AppCradle extends ModlinkCradle<AppLinks>, ModlinkEventsCradle {
  readonly knex: Knex;
  readonly product: ProductModuleService;
  readonly brand: BrandModuleService;
  readonly helloModuleService: HelloModuleService;
  readonly inventory: InventoryModuleService;
  /** A view kept from link events: the products of each brand. */
  readonly productsPerBrand: ProductsPerBrandView;
  /** Where `feedRelay` emits link events. */
  readonly eventBus: EventBus;
}

export type AppContainer = AwilixContainer<AppCradle>;

/**
 * The root container: knex, the module services and modlink (`remoteLink`,
 * and `query` reading every module through the same registrations), with
 * the links of every file in `links/` (`loadAppLinks`). The link
 * store owns the shared knex, so `await container.dispose()` closes the
 * database (pg pool or PGlite). Module tables and link tables share one
 * database, named `APP_DATABASE` in the store and in each module's
 * `sqlSource`, so queries join them in SQL.
 *
 * @example
 * const container = await createAppContainer(await createKnex("pglite://memory"))
 * container.createScope().resolve("query")
 */
export async function createAppContainer(knex: Knex): Promise<AppContainer> {
  const links = await loadAppLinks().catch(async (error: unknown) => {
    // The container would have closed knex; there will be none.
    await knex.destroy();
    throw error;
  });
  const container = createContainer<AppCradle>({ strict: true });
  const store = new KnexLinkStore({ knex, ownsConnection: true, database: APP_DATABASE, changeFeed: true });
  // Link events after commit: the relay reads the change feed and emits to `eventBus`; startServer starts it.
  registerModlink(container, { links, modules, store, query: { readOnlyLinks }, events: { consumer: "sample_views", idleMs: 50 } });
  // Registered after modlink on purpose: cascades resolve services when they run, `query` on its first resolve.
  container.register({
    knex: asValue(knex),
    product: asClass(ProductModuleService).singleton(),
    brand: asFunction(createBrandService).singleton(),
    helloModuleService: asFunction(createHelloService).singleton(),
    inventory: asFunction(createInventoryService).singleton(),
    productsPerBrand: asClass(ProductsPerBrandView).singleton(),
    eventBus: asFunction(({ productsPerBrand }: AppCradle) => new LocalEventBus([productsPerBrand])).singleton(),
  });
  return container;
}

/** The app's module services by module name, for checks that need every module (record existence). */
export function appModuleServices(container: AppContainer): Readonly<Record<AppModuleName, AppModuleService>> {
  const { product, brand, helloModuleService, inventory } = container.cradle;
  return { product, brand, helloModuleService, inventory };
}
