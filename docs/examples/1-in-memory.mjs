// Getting started, step 1: links in memory, no database. Run: node docs/examples/1-in-memory.mjs
import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { MemoryLinkStore } from "@modlink/memory";

// Each module says which of its models others may link to.
const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
// A brand has many products; deleting a brand deletes its products (the cascade).
const productBrand = defineLink({ linkable: Product.linkable.product, isList: true, deleteCascade: true }, Brand.linkable.brand);

// The product module's records, and the two calls a cascade makes into it.
const products = new Map([["prod_1", { id: "prod_1", deleted: false }]]);
const productService = {
  writeMode: "separate",
  async softDeleteRecords(_model, ids) {
    const done = ids.filter((id) => products.get(id)?.deleted === false);
    for (const id of done) products.get(id).deleted = true;
    return { product_id: done };
  },
  async restoreRecords(_model, ids) {
    const done = ids.filter((id) => products.get(id)?.deleted === true);
    for (const id of done) products.get(id).deleted = false;
    return { product_id: done };
  },
};

const remoteLink = new RemoteLink({ links: [productBrand], store: new MemoryLinkStore(), services: { product: productService } });

const [created] = await remoteLink.create({ product: { product_id: "prod_1" }, brand: { brand_id: "brand_acme" } }, { returnLinks: true });
console.log("created:", created.outcome, created.row.product_id, "->", created.row.brand_id);

// The brand module deleted brand_acme; remoteLink.delete soft-deletes its links and cascades to its products.
// It does not delete brand_acme itself: that is the brand module's job, done before this call.
const deletion = await remoteLink.delete({ brand: { brand_id: "brand_acme" } });
console.log("cascade deleted:", JSON.stringify(deletion.records), "product deleted:", products.get("prod_1").deleted);

// restore undoes exactly what that delete did.
await remoteLink.restore({ brand: { brand_id: "brand_acme" } });
console.log("restored, product deleted:", products.get("prod_1").deleted, "links:", (await remoteLink.list({ brand: { brand_id: "brand_acme" } })).length);
