import { describe, expect, it } from "vitest";
import { defineModule, isLinkDefinition } from "../src";
import { Product, productBrand, productCustom } from "./fixtures";

describe("isLinkDefinition", () => {
  it("recognises what defineLink returns, and a copy of it made by another copy of core", () => {
    expect(isLinkDefinition(productBrand)).toBe(true);
    expect(isLinkDefinition(productCustom)).toBe(true);
    expect(isLinkDefinition(JSON.parse(JSON.stringify(productCustom)))).toBe(true);
  });

  it("refuses modules, linkables, look-alikes missing a field, and non-objects", () => {
    const { left: _left, ...withoutLeft } = productBrand;
    for (const other of [
      defineModule("tag", { models: ["tag"] }),
      Product.linkable.product,
      withoutLeft,
      { ...productBrand, right: { ...productBrand.right, cascade: "some" } },
      { table: productBrand.table, left: productBrand.left, right: productBrand.right },
      [productBrand],
      null,
      undefined,
      "link_product_product_brand_brand",
    ]) {
      expect(isLinkDefinition(other)).toBe(false);
    }
  });
});
