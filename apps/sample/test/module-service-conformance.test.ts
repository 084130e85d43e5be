import { type ModuleServiceHarness, moduleServiceSuite } from "@modlink/conformance";
import { KnexLinkStore, createKnex } from "@modlink/knex";
import { afterAll, beforeAll } from "vitest";
import { type AppContainer, createAppContainer } from "../src/app-container.js";
import { APP_DATABASE } from "../src/modules/app-database.js";
import { Product } from "../src/modules/product.js";
import { prepareDatabase } from "../src/prepare-database.js";

/*
 * The sample app's module services against the cascade contract, on one
 * PGlite database: what a user copying them can rely on.
 */

let container: AppContainer;
beforeAll(async () => {
  container = await createAppContainer(await createKnex("pglite://memory"));
  await prepareDatabase(container);
});
afterAll(() => container?.dispose());

const knex = () => container.cradle.knex;
/** What every harness shares: the transaction cascades hand the service, and a store running cascade steps as SQL. */
const shared = {
  inTransaction: <T>(work: (transaction: unknown) => Promise<T>) => knex().transaction((trx) => work(trx)),
  async linkStore(links: Parameters<ModuleServiceHarness["linkStore"]>[0]) {
    const store = new KnexLinkStore({ knex: knex(), database: APP_DATABASE });
    await store.sync(links);
    return store;
  },
  close: async () => {},
};
const deletedIn = async (table: string, id: string) => (await knex()(table).where({ id }).first("deleted_at"))?.deleted_at != null;

/** The harness of a one-model module: records made through its own `create`. */
function singleModel(module: "brand" | "helloModuleService" | "inventory", table: string, create: () => Promise<{ id: string }>): void {
  moduleServiceSuite({
    name: `sample ${module} (PGlite)`,
    async makeService() {
      const service = container.cradle[module];
      return {
        ...shared,
        service,
        linkable: service.linkable,
        seed: (count) => Promise.all(Array.from({ length: count }, async () => (await create()).id)),
        isDeleted: (id) => deletedIn(table, id),
      };
    },
  });
}

singleModel("brand", "brands", () => container.cradle.brand.create({ name: "seeded" }));
singleModel("helloModuleService", "my_customs", () => container.cradle.helloModuleService.create({ name: "seeded" }));
singleModel("inventory", "inventory_items", () => container.cradle.inventory.create({ sku: "seeded", quantity: 1 }));

moduleServiceSuite({
  name: "sample product (PGlite)",
  async makeService() {
    const service = container.cradle.product;
    return {
      ...shared,
      service,
      linkable: Product.linkable.product,
      seed: async (count) => Promise.all(Array.from({ length: count }, async () => (await service.createProduct({ title: "seeded" })).id)),
      isDeleted: (id) => deletedIn("products", id),
    };
  },
});
