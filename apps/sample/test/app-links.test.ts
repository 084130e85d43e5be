import { describe, expect, it } from "vitest";
import { loadAppLinks } from "../src/app-links.js";
import { productBrand } from "../src/links/product-brand.js";
import { productCustom } from "../src/links/product-custom.js";
import { variantInventory } from "../src/links/variant-inventory.js";

describe("the app's links", () => {
  it("are the files of src/links, one link each, exactly the links AppLinks names", async () => {
    const loaded = await loadAppLinks();
    expect(loaded).toHaveLength(3);
    // The very definitions a file import gives, so typed code may import a link from its file.
    expect(loaded[0]).toBe(productBrand);
    expect(loaded[1]).toBe(productCustom);
    expect(loaded[2]).toBe(variantInventory);
  });
});
