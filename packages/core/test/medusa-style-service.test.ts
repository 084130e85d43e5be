import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type CascadeContext,
  type MedusaSharedContext,
  type MedusaStyleModel,
  type MedusaStyleServiceConfig,
  LinkError,
  defineModule,
  fromMedusaStyleService,
} from "../src";

type Config = { returnLinkableKeys?: string[] };

/** What a Medusa method was called with. */
interface Call {
  readonly method: string;
  readonly ids: string[];
  readonly config: Config;
  readonly sharedContext: MedusaSharedContext;
}

/**
 * A Medusa-style module whose soft delete and restore of every model report
 * the ids under `key` and, for products, the variants they removed too.
 */
class CatalogModuleService {
  readonly calls: Call[] = [];

  async softDeleteProducts(ids: string[], config: Config = {}, sharedContext: MedusaSharedContext = {}) {
    this.calls.push({ method: "softDeleteProducts", ids, config, sharedContext });
    return { product_id: ids, variant_id: ids.map((id) => `${id}_variant`), image_id: ["img_1"], option_id: undefined };
  }

  async restoreProducts(ids: string[], config: Config = {}, sharedContext: MedusaSharedContext = {}) {
    this.calls.push({ method: "restoreProducts", ids, config, sharedContext });
    return { product_id: ids, variant_id: ids.map((id) => `${id}_variant`) };
  }

  async softDeleteVariants(ids: string[], config: Config = {}) {
    this.calls.push({ method: "softDeleteVariants", ids, config, sharedContext: {} });
    return { variant_id: ids };
  }

  async restoreVariants(ids: string[], config: Config = {}) {
    this.calls.push({ method: "restoreVariants", ids, config, sharedContext: {} });
    return { variant_id: ids };
  }

  async softDeleteAddresses(ids: string[]) {
    this.calls.push({ method: "softDeleteAddresses", ids, config: {}, sharedContext: {} });
  }

  async restoreAddresses() {}

  async softDeleteCategories(ids: string[]) {
    this.calls.push({ method: "softDeleteCategories", ids, config: {}, sharedContext: {} });
  }

  async restoreCategories() {}

  async softDeleteSurveys(ids: string[]) {
    this.calls.push({ method: "softDeleteSurveys", ids, config: {}, sharedContext: {} });
  }

  async restoreSurveys() {}

  async softDeletePeople(ids: string[]) {
    this.calls.push({ method: "softDeletePeople", ids, config: {}, sharedContext: {} });
  }

  async restorePeople() {}
}

const Catalog = defineModule("catalog", { models: ["product", "product_variant"] });
const variantOptions = { softDelete: "softDeleteVariants", restore: "restoreVariants", key: "variant_id" };
const context = (transaction: unknown = undefined): CascadeContext => ({ transaction, deletionId: "del_1" });

/** The error a synchronous or asynchronous call raised. */
async function failure(work: () => unknown): Promise<LinkError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof LinkError) return error;
    throw error;
  }
  throw new Error("expected a LinkError");
}

// Never called: these lines are checked by the type checker (`pnpm typecheck`).
function compileTimeChecks(service: CatalogModuleService) {
  fromMedusaStyleService(service, { module: Catalog, models: { product_variant: variantOptions } });
  // @ts-expect-error with a definition, models names only its models
  fromMedusaStyleService(service, { module: Catalog, models: { brand: {} } });
  // @ts-expect-error without a definition, models is required
  fromMedusaStyleService(service, {});
  // @ts-expect-error writeMode is one of ModuleWriteModes
  fromMedusaStyleService(service, { models: { product: {} }, writeMode: "eventually" });
}

describe("fromMedusaStyleService", () => {
  it("checks at compile time that models names models of the given module definition", () => {
    expectTypeOf(compileTimeChecks).toBeFunction();
    expectTypeOf<{ module: typeof Catalog; models: { product: MedusaStyleModel } }>().toExtend<MedusaStyleServiceConfig<typeof Catalog>>();
    expectTypeOf<{ module: typeof Catalog; models: { brand: MedusaStyleModel } }>().not.toExtend<MedusaStyleServiceConfig<typeof Catalog>>();
  });

  it("softDeleteRecords calls softDelete<Models> with the ids and the keys to return, and reports the ids under modlink's keys", async () => {
    const service = new CatalogModuleService();
    const catalog = fromMedusaStyleService(service, { module: Catalog, models: { product_variant: variantOptions } });
    const deleted = await catalog.softDeleteRecords("product", ["p1"], context());
    expect(deleted).toEqual({ product_id: ["p1"], product_variant_id: ["p1_variant"] });
    expect(service.calls).toEqual([
      { method: "softDeleteProducts", ids: ["p1"], config: { returnLinkableKeys: ["product_id", "variant_id"] }, sharedContext: {} },
    ]);
    expect(await catalog.restoreRecords("product_variant", ["v1"], context())).toEqual({ product_variant_id: ["v1"] });
    expect(service.calls.at(-1)?.method).toBe("restoreVariants");
  });

  it("ids under keys modlink does not know are left out, undefined entries are dropped, and a method that returns nothing reports nothing", async () => {
    const service = new CatalogModuleService();
    const catalog = fromMedusaStyleService(service, { models: { product: {}, address: {} } });
    expect(await catalog.softDeleteRecords("product", ["p1"], context())).toEqual({ product_id: ["p1"] });
    expect(await catalog.softDeleteRecords("address", ["a1"], context())).toEqual({});
  });

  it("without a module definition it serves the models named, asks for their keys and reports a model's own key name under modlink's", async () => {
    const service = new CatalogModuleService();
    const catalog = fromMedusaStyleService(service, { models: { product: {}, product_variant: variantOptions } });
    expect(await catalog.softDeleteRecords("product", ["p1"], context())).toEqual({ product_id: ["p1"], product_variant_id: ["p1_variant"] });
    expect(service.calls[0]?.config).toEqual({ returnLinkableKeys: ["product_id", "variant_id"] });
  });

  it("method names follow Medusa's regular plurals (s, es, ies) and models names the others", async () => {
    const service = new CatalogModuleService();
    const catalog = fromMedusaStyleService(service, {
      models: { address: {}, category: {}, survey: {}, person: { softDelete: "softDeletePeople", restore: "restorePeople" } },
    });
    for (const model of ["address", "category", "survey", "person"]) await catalog.softDeleteRecords(model, [`${model}_1`], context());
    expect(service.calls.map((call) => call.method)).toEqual(["softDeleteAddresses", "softDeleteCategories", "softDeleteSurveys", "softDeletePeople"]);
  });

  it("a module that joins the transaction gets the link store's transaction as sharedContext.transactionManager; a separate one gets none", async () => {
    const transaction = { kind: "the link store's transaction" };
    const joined = new CatalogModuleService();
    await fromMedusaStyleService(joined, { models: { product: {} }, writeMode: "joins-transaction" }).softDeleteRecords(
      "product",
      ["p1"],
      context(transaction),
    );
    expect(joined.calls[0]?.sharedContext).toEqual({ transactionManager: transaction });
    const separate = new CatalogModuleService();
    const adapter = fromMedusaStyleService(separate, { models: { product: {} } });
    await adapter.softDeleteRecords("product", ["p1"], context(transaction));
    expect(separate.calls[0]?.sharedContext).toEqual({});
    expect(adapter.writeMode).toBe("separate");
  });

  it("a model whose methods the service lacks is MISSING_SERVICE at construction, naming the model, the methods looked for and how to name them", async () => {
    const error = await failure(() => fromMedusaStyleService(new CatalogModuleService(), { module: Catalog }));
    expect(error.code).toBe("MISSING_SERVICE");
    expect(error.message).toContain(`model "product_variant" (looked for softDeleteProductVariants() and restoreProductVariants()`);
    expect(error.message).toContain(`"softDeleteVariants"`);
    expect(error.message).toContain(`models: { product_variant: { softDelete: "<method>", restore: "<method>" } }`);
    expect(error.message).not.toContain(`model "product"`);
  });

  it("a call for a model the adapter does not serve is MISSING_SERVICE naming that model and the ones it serves", async () => {
    const catalog = fromMedusaStyleService(new CatalogModuleService(), { models: { product: {} } });
    const error = await failure(() => catalog.restoreRecords("product_variant", ["v1"], context()));
    expect(error.code).toBe("MISSING_SERVICE");
    expect(error.message).toContain(`serves "product", but was asked to restore "product_variant" records`);
    expect(error.message).toContain("models: { product_variant: {} }");
  });

  it.each([
    ["a number", 42, "number 42"],
    ["an array", [["p1"]], "an array of 1"],
    ["null", null, "null"],
    ["a string under a key", { product_id: "p1" }, `"p1" under "product_id"`],
    ["a number among the ids", { product_id: ["p1", 7] }, `number 7 among the ids under "product_id"`],
  ])("a method that returns %s is MISSING_SERVICE naming the method", async (_what, returned, shown) => {
    const service = { softDeleteWidgets: async () => returned, restoreWidgets: async () => undefined };
    const error = await failure(() => fromMedusaStyleService(service, { models: { widget: {} } }).softDeleteRecords("widget", ["w1"], context()));
    expect(error.code).toBe("MISSING_SERVICE");
    expect(error.message).toContain(`softDeleteWidgets() returned ${shown}; fromMedusaStyleService needs nothing or ids by linkable key`);
  });

  it.each([
    ["no config", undefined, "needs a config"],
    ["no models and no module", { models: {} }, "needs models"],
    ["a model the module does not define", { module: Catalog, models: { brand: {} } }, `names "brand", which the module does not define`],
    ["an unknown option", { models: { product: { softdelete: "x" } } }, `unknown option "softdelete"`],
    ["a method name that is not a name", { models: { product: { restore: 3 } } }, "restore must be a method or key name, got number 3"],
    ["an unknown writeMode", { models: { product: {} }, writeMode: "eventually" }, `writeMode is "eventually"`],
    ["two models under one key", { models: { product: { key: "id" }, address: { key: "id" } } }, `the key "id" would stand for both`],
  ])("a configuration with %s is INVALID_DEFINITION saying what to fix", async (_what, config, shown) => {
    const error = await failure(() => fromMedusaStyleService(new CatalogModuleService(), config as never));
    expect(error.code).toBe("INVALID_DEFINITION");
    expect(error.message).toContain(shown);
  });
});
