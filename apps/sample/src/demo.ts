import { ContainerRegistrationKeys, LinkError } from "@modlink/core";
import { createKnex } from "@modlink/knex";
import { createAppContainer } from "./app-container.js";
import { inTransaction } from "./in-transaction.js";
import { productRecords } from "./modules/product.js";
import { prepareDatabase } from "./prepare-database.js";

/*
 * The reference document's story end to end, on a fresh in-memory PGlite:
 * create links, list them, dismiss one, delete a product (cascading to its
 * my_custom record), restore it. Run with `pnpm demo`.
 */

let stepNumber = 0;

function step(title: string): void {
  stepNumber += 1;
  console.log(`\n${stepNumber}. ${title}`);
}

function show(label: string, value: unknown): void {
  console.log(`   ${label}: ${JSON.stringify(value)}`);
}

/** A link row without its bookkeeping columns, for reading. */
function brief(row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !["id", "created_at", "updated_at"].includes(key)));
}

async function expectLinkError(label: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    throw new Error(`${label}: expected a LinkError, but the call succeeded.`);
  } catch (error) {
    if (!(error instanceof LinkError)) throw error;
    show(label, { code: error.code, message: error.message });
  }
}

async function demo(): Promise<void> {
  const container = await createAppContainer(await createKnex("pglite://memory"));
  try {
    await prepareDatabase(container);
    const scope = container.createScope();
    const remoteLink = scope.resolve(ContainerRegistrationKeys.REMOTE_LINK);
    const { product: productService, brand, helloModuleService, inventory } = scope.cradle;

    step("Each module creates its own records (in its own tables)");
    const shirt = await productService.createProduct({
      id: "prod_shirt",
      title: "Shirt",
      variants: [
        { id: "variant_shirt_s", title: "Shirt S", sku: "SHIRT-S" },
        { id: "variant_shirt_m", title: "Shirt M" },
      ],
    });
    const [small, medium] = shirt.variants;
    if (!small || !medium) throw new Error("The shirt's variants were not created.");
    const acme = await brand.create({ id: "brand_acme", name: "Acme" });
    const giftWrap = await helloModuleService.create({ id: "mc_gift_wrap", name: "Gift wrap" });
    const stock = await inventory.create({ id: "iitem_shirt_s", sku: "SHIRT-S", quantity: 10 });
    const spare = await inventory.create({ id: "iitem_spare", sku: "SPARE", quantity: 1 });
    show("product", { id: shirt.id, variants: shirt.variants.map((v) => v.id) });
    show("brand", acme.id);
    show("my_custom", giftWrap.id);
    show("inventory items", [stock.id, spare.id]);

    step("remoteLink.create links them, keys in the definition's direction");
    await remoteLink.create([
      { product: { product_id: shirt.id }, helloModuleService: { my_custom_id: giftWrap.id }, data: { metadata: { note: "gift" } } },
      { product: { product_id: shirt.id }, brand: { brand_id: acme.id } },
      { product: { product_variant_id: small.id }, inventory: { inventory_item_id: stock.id } },
    ]);
    show("created", 3);

    step("remoteLink.list shows the product's links");
    for (const row of await remoteLink.list([{ product: { product_id: shirt.id } }, { product: { product_variant_id: [small.id, medium.id] } }]))
      show("link", brief(row));

    step("query.graph reads products with their brand, custom record and the link's metadata (SQL joins, one statement per hop)");
    const query = scope.resolve(ContainerRegistrationKeys.QUERY);
    const listing = await query.graph({
      entity: "product",
      fields: ["id", "title", "brand.name", "my_custom.name", "my_custom.link.metadata", "product_variants.sku"],
      filters: { brand: { name: "Acme" } },
      order: ["brand.name", "title"],
      pagination: { take: 10 },
    });
    for (const product of listing.data) show("product", product);
    show("page", listing.metadata);

    step("Mistakes are refused with a LinkError code, and change nothing");
    await expectLinkError("wrong direction", () => remoteLink.create({ helloModuleService: { my_custom_id: giftWrap.id }, product: { product_id: shirt.id } }));
    await expectLinkError("one-to-one", () => remoteLink.create({ product: { product_variant_id: small.id }, inventory: { inventory_item_id: spare.id } }));

    step("remoteLink.dismiss removes exactly one link");
    show("dismissed", await remoteLink.dismiss({ product: { product_id: shirt.id }, brand: { brand_id: acme.id } }));
    show("links left", (await remoteLink.list({ product: { product_id: shirt.id } })).map(brief));

    step("Delete the product in one transaction: the module deletes it and its variants, and remoteLink.delete cascades, joining it");
    const { deleted, cascade } = await inTransaction(scope, async (trx) => {
      const changed = await productService.deleteProducts([shirt.id], trx);
      return { deleted: changed, cascade: await remoteLink.delete({ product: productRecords(changed) }, { transaction: trx }) };
    });
    show("product module deleted", deleted);
    show("cascade deleted records", cascade.records);
    show("cascade deleted links", cascade.links);
    show("my_custom deleted_at", (await helloModuleService.retrieve(giftWrap.id))?.deleted_at);
    show("live links of the product", await remoteLink.list({ product: { product_id: shirt.id } }));

    step("Restore the product in one transaction: the module restores it, and remoteLink.restore undoes the cascade");
    const { restored, back } = await inTransaction(scope, async (trx) => {
      const changed = await productService.restoreProducts([shirt.id], trx);
      return { restored: changed, back: await remoteLink.restore({ product: productRecords(changed) }, { transaction: trx }) };
    });
    show("product module restored", restored);
    show("cascade restored records", back.records);
    show("cascade restored links", back.links);
    show("my_custom deleted_at", (await helloModuleService.retrieve(giftWrap.id))?.deleted_at ?? null);
    show(
      "links (the dismissed brand link stays dismissed)",
      (await remoteLink.list([{ product: { product_id: shirt.id } }, { product: { product_variant_id: [small.id, medium.id] } }])).map(brief),
    );
    console.log("\nDone.");
  } finally {
    await container.dispose();
  }
}

demo().catch((error: unknown) => {
  console.error("The demo failed:", error);
  process.exitCode = 1;
});
