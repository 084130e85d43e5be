import { describe, expect, it } from "vitest";
import { LinkError, defineModule } from "../src";

describe("defineModule", () => {
  it("gives each model a linkable under its camelCase name with a snake_case key", () => {
    const Product = defineModule("product", { models: ["product", "product_variant"] });
    expect(Product.linkable.productVariant).toEqual({ module: "product", model: "product_variant", key: "product_variant_id", primaryKey: "id" });
    expect(Product.linkable.product.key).toBe("product_id");
  });

  it("accepts camelCase model names and custom primary keys", () => {
    const Hello = defineModule("helloModuleService", { models: ["myCustom", { name: "legacy_thing", primaryKey: "code" }] });
    expect(Hello.linkable.myCustom.key).toBe("my_custom_id");
    expect(Hello.linkable.legacyThing.primaryKey).toBe("code");
  });

  it.each([
    ["an empty name", "", ["a"]],
    ["a name with SQL in it", "product; drop table x", ["a"]],
    ["no models", "product", []],
    ["a model with spaces", "product", ["bad model"]],
    ["the same model twice", "product", ["product", "product"]],
  ])("refuses %s with INVALID_DEFINITION", (_what, name, models) => {
    expect(() => defineModule(name, { models })).toThrow(LinkError);
    expect(() => defineModule(name, { models })).toThrow(expect.objectContaining({ code: "INVALID_DEFINITION" }));
  });
});
