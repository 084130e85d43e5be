// A first taste of modlink with no database: link a product to a brand,
// list it, dismiss it. The sample app (apps/sample) is the full tour.
import { RemoteLink, defineLink, defineModule } from "@modlink/core";
import { MemoryLinkStore } from "@modlink/memory";

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);

const remoteLink = new RemoteLink({ links: [productBrand], store: new MemoryLinkStore() });
await remoteLink.create({ product: { product_id: "prod_123" }, brand: { brand_id: "brand_acme" } });
console.log("linked:", await remoteLink.list({ product: { product_id: "prod_123" } }, { asLinkDefinition: true }));
console.log("dismissed:", await remoteLink.dismiss({ product: { product_id: "prod_123" }, brand: { brand_id: "brand_acme" } }));
