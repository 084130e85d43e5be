import { defineLink, defineModule } from "../src";

export const Product = defineModule("product", { models: ["product", "product_variant"] });
export const Brand = defineModule("brand", { models: ["brand"] });
export const Hello = defineModule("helloModuleService", { models: ["my_custom"] });

export const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);
export const productCustom = defineLink(
  Product.linkable.product,
  { linkable: Hello.linkable.myCustom, deleteCascade: true },
  { database: { extraColumns: { metadata: { type: "json", nullable: true }, rank: { type: "integer", default: 0 } } } },
);
