// What the `modlink` command line reads: the app's own links (the same folder
// the app loads) and database, so `pnpm --filter @modlink/sample-app modlink
// plan|sync|graph|doctor` and the app never disagree.
import { defineConfig } from "@modlink/cli";
import { loadAppLinks } from "./src/app-links.js";

export default defineConfig({
  links: await loadAppLinks(),
  databaseUrl: "pglite://./.data", // DATABASE_URL overrides it
  modules: {
    product: { tables: { product: "products", product_variant: "product_variants" } },
    brand: { tables: { brand: "brands" } },
    helloModuleService: { tables: { my_custom: "my_customs" } },
    inventory: { tables: { inventory_item: "inventory_items" } },
  },
});
