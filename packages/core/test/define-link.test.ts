import { describe, expect, it } from "vitest";
import { LinkError, RemoteLink, defineLink, defineModule } from "../src";
import { MAX_IDENTIFIER_BYTES, shortenIdentifier } from "../src/store";
import { Brand, Hello, Product, productBrand, productCustom } from "./fixtures";
import { MinimalStore } from "./minimal-store";

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof LinkError ? error.code : `not a LinkError: ${String(error)}`;
  }
  return "no error";
};

describe("defineLink", () => {
  it("normalises both sides and derives a readable table name", () => {
    expect(productBrand.table).toBe("link_product_product_brand_brand");
    expect(productBrand.left).toMatchObject({ module: "product", key: "product_id", column: "product_id", isList: true, cascade: "none" });
    expect(productCustom.right).toMatchObject({ module: "helloModuleService", key: "my_custom_id", cascade: "all" });
    expect(productCustom.table).toBe("link_product_product_hello_module_service_my_custom");
  });

  it("shortens long table names deterministically with a hash, within PostgreSQL's 63 bytes", () => {
    const A = defineModule("aVeryLongModuleNameForTesting", { models: ["an_extremely_long_model_name"] });
    const B = defineModule("anotherVeryLongModuleName", { models: ["yet_another_long_model_name"] });
    const link = defineLink(A.linkable.anExtremelyLongModelName, B.linkable.yetAnotherLongModelName);
    expect(Buffer.byteLength(link.table)).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES);
    expect(link.table).toMatch(/^link_a_very_long_module_name_for_testing_.*_[0-9a-f]{8}$/);
    expect(defineLink(A.linkable.anExtremelyLongModelName, B.linkable.yetAnotherLongModelName).table).toBe(link.table);
    expect(shortenIdentifier("short_name")).toBe("short_name");
  });

  it('reads deleteCascade true and "all" as the same cascade, and false or nothing as none', () => {
    const cascadeOf = (deleteCascade?: boolean | "all" | "orphans") =>
      defineLink(Product.linkable.product, { linkable: Brand.linkable.brand, deleteCascade }).right.cascade;
    expect([cascadeOf(true), cascadeOf("all"), cascadeOf("orphans"), cascadeOf(false), cascadeOf(undefined)]).toEqual([
      "all",
      "all",
      "orphans",
      "none",
      "none",
    ]);
  });

  it("says which values deleteCascade takes when given another", () => {
    expect(() => defineLink(Product.linkable.product, { linkable: Brand.linkable.brand, deleteCascade: "yes" as never })).toThrow(
      /deleteCascade of the second side of defineLink is "yes"\. Use true or "all"/,
    );
  });

  it("names its query entity <left model>_<right model>, then _<name> for a named link, as Medusa's entryPoint", () => {
    expect(productBrand.entryPoint).toBe("product_brand");
    expect(productCustom.entryPoint).toBe("product_my_custom");
    expect(defineLink(Product.linkable.product, Brand.linkable.brand, { name: "featuredBy" }).entryPoint).toBe("product_brand_featured_by");
  });

  it("names a named link's table after its name", () => {
    expect(defineLink(Product.linkable.product, Brand.linkable.brand, { name: "featured" }).table).toBe("link_product_product_brand_brand_featured");
  });

  it("prefixes key columns with module names when both sides share a key", () => {
    const Legacy = defineModule("legacy", { models: ["product"] });
    const link = defineLink(Product.linkable.product, Legacy.linkable.product);
    expect([link.left.column, link.right.column]).toEqual(["product_product_id", "legacy_product_id"]);
  });

  it.each([
    ["a side that is not a linkable", () => defineLink({} as never, Brand.linkable.brand)],
    ["two models of one module", () => defineLink(Product.linkable.product, Product.linkable.productVariant)],
    ["a table name with SQL in it", () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { table: 'x"; drop table y; --' } })],
    ["a table name over 63 bytes", () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { table: "t".repeat(64) } })],
    ["a bad id prefix", () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { idPrefix: "Bad-Prefix" } })],
    [
      "an extra column of unknown type",
      () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { extraColumns: { x: { type: "money" as "text", nullable: true } } } }),
    ],
    [
      "an extra column neither nullable nor defaulted",
      () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { extraColumns: { x: { type: "text" } } } }),
    ],
    [
      "an extra column named like a reserved column",
      () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { extraColumns: { deleted_at: { type: "text", nullable: true } } } }),
    ],
    [
      "an extra column named like a key column",
      () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { extraColumns: { brand_id: { type: "text", nullable: true } } } }),
    ],
    [
      "a default of the wrong type",
      // @ts-expect-error the default of an integer column must be a number
      () => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { extraColumns: { n: { type: "integer", default: "one" } } } }),
    ],
    ["a model whose key is a reserved column", () => defineLink(defineModule("audit", { models: ["deletion"] }).linkable.deletion, Brand.linkable.brand)],
    ["a name with spaces", () => defineLink(Product.linkable.product, Brand.linkable.brand, { name: "my link" })],
    // @ts-expect-error deleteCascade takes true, false, "all" or "orphans"
    ["a deleteCascade value it does not know", () => defineLink(Product.linkable.product, { linkable: Brand.linkable.brand, deleteCascade: "yes" })],
    // @ts-expect-error isList takes a boolean
    ["an isList that is not a boolean", () => defineLink({ linkable: Product.linkable.product, isList: "true" }, Brand.linkable.brand)],
  ])("refuses %s with INVALID_DEFINITION", (_what, make) => {
    expect(codeOf(make)).toBe("INVALID_DEFINITION");
  });
});

describe("RemoteLink construction validates the set of links", () => {
  const store = new MinimalStore();

  it("refuses the same link defined twice", () => {
    const again = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);
    expect(codeOf(() => new RemoteLink({ links: [productBrand, again], store }))).toBe("DUPLICATE_LINK");
  });

  it("refuses two links whose tables collide", () => {
    const other = defineLink(Product.linkable.product, Hello.linkable.myCustom, { name: "other", database: { table: productBrand.table } });
    expect(codeOf(() => new RemoteLink({ links: [productBrand, other], store }))).toBe("TABLE_NAME_COLLISION");
  });

  it("refuses a link to a module the application does not declare", () => {
    expect(codeOf(() => new RemoteLink({ links: [productBrand], modules: [Product], store }))).toBe("INVALID_DEFINITION");
  });

  it("refuses a link to a model its module does not declare", () => {
    const Thin = defineModule("product", { models: ["product_variant"] });
    expect(codeOf(() => new RemoteLink({ links: [productBrand], modules: [Thin, Brand], store }))).toBe("INVALID_DEFINITION");
  });

  it("refuses an empty set of links and a missing store", () => {
    expect(codeOf(() => new RemoteLink({ links: [], store }))).toBe("INVALID_DEFINITION");
    expect(codeOf(() => new RemoteLink({ links: [productBrand], store: undefined as never }))).toBe("INVALID_DEFINITION");
  });

  it("accepts links whose modules are all declared", () => {
    expect(new RemoteLink({ links: [productBrand, productCustom], modules: [Product, Brand, Hello], store }).links).toHaveLength(2);
  });
});
