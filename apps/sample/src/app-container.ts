import { type ModlinkCradle, registerModlink } from "@modlink/awilix";
import { KnexLinkStore } from "@modlink/knex";
import { type AwilixContainer, asClass, asFunction, asValue, createContainer } from "awilix";
import type { Knex } from "knex";
import { type AppLinks, links, modules } from "./links.js";
import type { AppModuleService } from "./modules/app-module-service.js";
import { type BrandModuleService, createBrandService } from "./modules/brand.js";
import { type HelloModuleService, createHelloService } from "./modules/hello.js";
import { type InventoryModuleService, createInventoryService } from "./modules/inventory.js";
import { ProductModuleService } from "./modules/product.js";

/**
 * Everything the app resolves. Module services are registered under their
 * module names, which is where `@modlink/awilix` looks for them by default.
 */
export interface AppCradle extends ModlinkCradle<AppLinks> {
  readonly knex: Knex;
  readonly product: ProductModuleService;
  readonly brand: BrandModuleService;
  readonly helloModuleService: HelloModuleService;
  readonly inventory: InventoryModuleService;
}

export type AppContainer = AwilixContainer<AppCradle>;

/**
 * The root container: knex, the module services and modlink. The link store
 * owns the shared knex, so `await container.dispose()` closes the database
 * (pg pool or PGlite).
 *
 * @example
 * const container = createAppContainer(await createKnex("pglite://memory"))
 * container.createScope().resolve("remoteLink")
 */
export function createAppContainer(knex: Knex): AppContainer {
  const container = createContainer<AppCradle>({ strict: true });
  registerModlink(container, { links, modules, store: new KnexLinkStore({ knex, ownsConnection: true }) });
  // Registered after modlink on purpose: cascades resolve services when they run.
  container.register({
    knex: asValue(knex),
    product: asClass(ProductModuleService).singleton(),
    brand: asFunction(createBrandService).singleton(),
    helloModuleService: asFunction(createHelloService).singleton(),
    inventory: asFunction(createInventoryService).singleton(),
  });
  return container;
}

/** The app's module services by module name, for checks that need every module (record existence). */
export function appModuleServices(container: AppContainer): Readonly<Record<string, AppModuleService>> {
  const { product, brand, helloModuleService, inventory } = container.cradle;
  return { product, brand, helloModuleService, inventory };
}
