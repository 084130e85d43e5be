import { describe, expect, it } from "vitest";
import { LinkGraph, defineLink, defineModule } from "@modlink/core";
import { LinkQuery, defineReadOnlyLink, listRecordsInMemory, pluralize, type QueryableModuleService } from "../src";
import { ListedLinksStore } from "./helpers/listed-links-store";

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand", "category"] });
const Legacy = defineModule("legacy", { models: ["brand"] });

const module = (models: Record<string, readonly string[]>): QueryableModuleService => ({
  models: Object.fromEntries(Object.entries(models).map(([model, fields]) => [model, { fields }])),
  listRecords: async (_model, query) => listRecordsInMemory([], query),
});

const modules = {
  product: module({ product: ["id", "title", "brand_id"] }),
  brand: module({ brand: ["id", "name"], category: ["id"] }),
};

function queryOf(links: Parameters<typeof defineLink>[] | ReturnType<typeof defineLink>[], extra: Partial<ConstructorParameters<typeof LinkQuery>[0]> = {}) {
  return new LinkQuery({ graph: new LinkGraph(links as ReturnType<typeof defineLink>[]), store: new ListedLinksStore([]), modules, ...extra });
}

describe("relation names", () => {
  it("pluralize follows the common English rules", () => {
    expect(["brand", "my_custom", "category", "box", "branch", "day", "sales_status"].map(pluralize)).toEqual([
      "brands",
      "my_customs",
      "categories",
      "boxes",
      "branches",
      "days",
      "sales_statuses",
    ]);
  });

  it("a one side gives the singular model name and a list side the plural, from the definition alone", () => {
    const query = queryOf([defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand)]);
    expect(query.relationsOf("product")).toEqual(["brand"]);
    expect(query.relationsOf("brand")).toEqual(["products"]);
  });

  it("a named link prefixes its name, and relationNames override a derived name", () => {
    const links = [
      defineLink(Product.linkable.product, Brand.linkable.brand),
      defineLink({ linkable: Product.linkable.product, isList: true }, { linkable: Brand.linkable.category, isList: true }, { name: "featured" }),
    ];
    expect(queryOf(links).relationsOf("product")).toEqual(["brand", "featured_categories"]);
    expect(queryOf(links, { relationNames: { product: { brand: "maker" } } }).relationsOf("product")).toEqual(["featured_categories", "maker"]);
  });

  it("two relations that would share a name are refused at construction, saying how to fix it", () => {
    const links = [defineLink(Product.linkable.product, Brand.linkable.brand), defineLink(Product.linkable.product, Legacy.linkable.brand)];
    expect(() => queryOf(links)).toThrow(/product.product would have two relations named "brand".*relationNames/);
    const renamed = queryOf(links, { relationNames: { product: { "legacy.brand": "legacy_brand" } } });
    expect(renamed.relationsOf("product")).toEqual(["brand", "legacy_brand"]);
    expect(renamed.entities).toEqual(["brand.brand", "category", "legacy.brand", "product"]);
  });

  it("a relation may not take the name of a field, nor can relationNames rename what does not exist", () => {
    const clash = defineReadOnlyLink({ linkable: Brand.linkable.brand, field: "id" }, { linkable: Product.linkable.product, field: "brand_id", isList: true });
    const fieldClash = { ...modules, brand: module({ brand: ["id", "name", "products"], category: ["id"] }) };
    expect(() => new LinkQuery({ modules: fieldClash, readOnlyLinks: [clash] })).toThrow(/has the name of one of its fields/);
    expect(() => queryOf([defineLink(Product.linkable.product, Brand.linkable.brand)], { relationNames: { product: { brnd: "x" } } })).toThrow(
      /renames "brnd" of product.product, which has no such relation. Its relations: brand/,
    );
  });
});

describe("read-only links", () => {
  it("name a field the module lists, and need no graph or store", () => {
    const link = defineReadOnlyLink({ linkable: Product.linkable.product, field: "brand_id" }, Brand.linkable.brand);
    expect(link).toMatchObject({ kind: "read-only", label: "product.product.brand_id -> brand.brand.id", to: { field: "id", isList: false } });
    expect(new LinkQuery({ modules, readOnlyLinks: [link] }).relationsOf("product")).toEqual(["brand"]);
    const typo = defineReadOnlyLink({ linkable: Product.linkable.product, field: "brandId" }, Brand.linkable.brand);
    expect(() => new LinkQuery({ modules, readOnlyLinks: [typo] })).toThrow(/uses field "brandId".*id, title, brand_id/);
  });

  it("refuse a side without a field", () => {
    expect(() => defineReadOnlyLink({ linkable: Product.linkable.product, field: "" }, Brand.linkable.brand)).toThrow(/needs the name of the field/);
  });
});
