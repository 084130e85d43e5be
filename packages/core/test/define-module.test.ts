import { describe, expect, expectTypeOf, it } from "vitest";
import { LinkError, defineLink, defineModule } from "../src";

describe("defineModule", () => {
  it("gives each model a linkable under its camelCase name with a snake_case key", () => {
    const Product = defineModule("product", { models: ["product", "product_variant"] });
    expect(Product.linkable.productVariant).toEqual({ module: "product", model: "product_variant", key: "product_variant_id", primaryKey: "id" });
    expect(Product.linkable.product.key).toBe("product_id");
  });

  it("accepts camelCase model names and custom primary keys, keyed <model>_<primary key> as Medusa keys them", () => {
    const Hello = defineModule("helloModuleService", { models: ["myCustom", { name: "legacy_thing", primaryKey: "code" }] });
    expect(Hello.linkable.myCustom.key).toBe("my_custom_id");
    expect(Hello.linkable.legacyThing).toEqual({ module: "helloModuleService", model: "legacy_thing", key: "legacy_thing_code", primaryKey: "code" });
    expectTypeOf(Hello.linkable.legacyThing.key).toEqualTypeOf<"legacy_thing_code">();
  });

  it("takes models as an object of specs: { currency: { primaryKey: 'code' } } links as currency_code", () => {
    const Pricing = defineModule("pricing", { models: { currency: { primaryKey: "code" }, priceList: {} } });
    expect(Pricing.linkable.currency).toEqual({ module: "pricing", model: "currency", key: "currency_code", primaryKey: "code" });
    expect(Pricing.linkable.priceList).toEqual({ module: "pricing", model: "price_list", key: "price_list_id", primaryKey: "id" });
    expectTypeOf(Pricing.linkable.currency.key).toEqualTypeOf<"currency_code">();
    expectTypeOf(Pricing.linkable.priceList.key).toEqualTypeOf<"price_list_id">();
  });

  it("gives linkable.<model>.<field> for the primary key and each declared field, keyed <model>_<field>", () => {
    const Catalog = defineModule("catalog", { models: [{ name: "product", fields: ["handle"] }] });
    const { product } = Catalog.linkable;
    expect(product.id).toBe(product);
    expect(product.handle).toEqual({ module: "catalog", model: "product", key: "product_handle", primaryKey: "handle" });
    expectTypeOf(product.handle.key).toEqualTypeOf<"product_handle">();
    // The field linkables are not enumerated: a linkable compares, spreads and serializes as before.
    expect(Object.keys(product)).toEqual(["module", "model", "key", "primaryKey"]);
    expect(JSON.parse(JSON.stringify(product))).toEqual({ module: "catalog", model: "product", key: "product_id", primaryKey: "id" });
    const Brand = defineModule("brand", { models: ["brand"] });
    const byHandle = defineLink(product.handle, Brand.linkable.brand);
    expect([byHandle.left.column, byHandle.left.linkable.primaryKey]).toEqual(["product_handle", "handle"]);
    // A cascade hands a module record ids; a link on a field holds none.
    expect(() => defineLink({ linkable: product.handle, deleteCascade: true }, Brand.linkable.brand)).toThrow(
      expect.objectContaining({ code: "INVALID_DEFINITION", message: expect.stringContaining('on its field "handle" and asks for deleteCascade') }),
    );
    expect(defineLink({ linkable: product.id, deleteCascade: true }, Brand.linkable.brand).left.cascade).toBe("all");
  });

  it.each([
    ["an empty name", "", ["a"]],
    ["a name with SQL in it", "product; drop table x", ["a"]],
    ["no models", "product", []],
    ["a model with spaces", "product", ["bad model"]],
    ["the same model twice", "product", ["product", "product"]],
    ["a field named like a linkable property", "product", [{ name: "product", fields: ["key"] }]],
    ["a primary key that is not a name", "product", [{ name: "product", primaryKey: "id; drop" }]],
    ["an unknown model option", "product", [{ name: "product", primary_key: "code" }]],
    ["a model spec that is not an object", "product", { product: true }],
  ])("refuses %s with INVALID_DEFINITION", (_what, name, models) => {
    expect(() => defineModule(name, { models: models as never })).toThrow(LinkError);
    expect(() => defineModule(name, { models: models as never })).toThrow(expect.objectContaining({ code: "INVALID_DEFINITION" }));
  });
});
