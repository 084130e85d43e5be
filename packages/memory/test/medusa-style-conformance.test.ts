import { type Linkable, type LinkableModuleService, fromMedusaStyleService } from "@modlink/core";
import { type ModuleServiceHarness, moduleServiceSuite } from "@modlink/conformance";
import { MemoryLinkStore } from "../src";
import { Hello, HelloModuleService, Product, ProductModuleService, productVariantOptions } from "./medusa-style-modules";

/*
 * Modules written the Medusa way keep the LinkableModuleService contract once
 * adapted by fromMedusaStyleService, for each model a cascade can reach:
 * generated method names, names given in `models`, and a key of the
 * module's own (`variant_id`).
 */

let made = 0;

function harness(service: LinkableModuleService, linkable: Linkable, create: (id: string) => void, isDeleted: (id: string) => boolean): ModuleServiceHarness {
  return {
    service,
    linkable,
    async seed(count) {
      const ids = Array.from({ length: count }, () => `${linkable.model}_${++made}`);
      for (const id of ids) create(id);
      return ids;
    },
    isDeleted: async (id) => isDeleted(id),
    linkStore: async () => new MemoryLinkStore(),
    close: async () => {},
  };
}

moduleServiceSuite({
  name: "Medusa-style product module, model product (softDeleteProducts)",
  async makeService() {
    const products = new ProductModuleService();
    const service = fromMedusaStyleService(products, { module: Product, models: { product_variant: productVariantOptions } });
    return harness(
      service,
      Product.linkable.product,
      (id) => products.createProduct(id),
      (id) => products.products.isDeleted(id),
    );
  },
});

moduleServiceSuite({
  name: "Medusa-style product module, model product_variant (softDeleteVariants, key variant_id)",
  async makeService() {
    const products = new ProductModuleService();
    products.createProduct("prod_of_variants");
    const service = fromMedusaStyleService(products, { module: Product, models: { product_variant: productVariantOptions } });
    const create = (id: string) => products.variants.insert({ id, product_id: "prod_of_variants", deleted_at: null });
    return harness(service, Product.linkable.productVariant, create, (id) => products.variants.isDeleted(id));
  },
});

moduleServiceSuite({
  name: "Medusa-style hello module, model my_custom (softDeleteMyCustoms)",
  async makeService() {
    const hello = new HelloModuleService();
    const service = fromMedusaStyleService(hello, { module: Hello });
    return harness(
      service,
      Hello.linkable.myCustom,
      (id) => hello.createMyCustom(id),
      (id) => hello.myCustoms.isDeleted(id),
    );
  },
});
