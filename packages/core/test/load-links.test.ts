import { symlink } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LinkDefinitionError, LinkError, LinkLoadError, RemoteLink, loadLinks } from "../src";
import { linkFileHead, linkFolders, productBrandNamed } from "./link-folders";
import { MinimalStore } from "./minimal-store";

let folders: Awaited<ReturnType<typeof linkFolders>>;
beforeAll(async () => {
  folders = await linkFolders();
});
afterAll(() => folders.remove());

/** A link file exporting `export const <name> = defineLink(...)`, the link named after the export. */
const linkFile = (file: string, ...names: string[]) =>
  linkFileHead(file) +
  names
    .map((name) => (/\.c[jt]s$/.test(file) ? `exports.${name} = ${productBrandNamed(name)};` : `export const ${name} = ${productBrandNamed(name)};`))
    .join("\n");

const namesOf = (links: readonly { name: string | undefined }[]) => links.map((link) => link.name);

/** The error `loadLinks` rejects with; fails the test when it resolves. */
async function loadError(folders: Parameters<typeof loadLinks>[0]): Promise<LinkLoadError> {
  const error: unknown = await loadLinks(folders).then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  expect(error).toBeInstanceOf(LinkLoadError);
  return error as LinkLoadError;
}

const NOT_IMPORTED = `throw new Error("this file must not be imported");`;

describe("loadLinks", () => {
  it("imports every link file of the folder and its subfolders, in path order", async () => {
    const dir = await folders.make({
      "variant-inventory.ts": linkFile("variant-inventory.ts", "variantInventory"),
      "catalog/product-brand.ts": linkFile("product-brand.ts", "productBrand"),
      "catalog/deep/product-custom.mts": linkFile("product-custom.mts", "productCustom"),
      "catalog/brand-logo.mjs": linkFile("brand-logo.mjs", "brandLogo"),
    });
    expect(namesOf(await loadLinks(dir))).toEqual(["brandLogo", "productCustom", "productBrand", "variantInventory"]);
  });

  it("reads .js, .mjs, .cjs, .ts, .mts and .cts files", async () => {
    const files = ["a.js", "b.mjs", "c.cjs", "d.ts", "e.mts", "f.cts"];
    const dir = await folders.make(Object.fromEntries(files.map((file) => [file, linkFile(file, file.replace(".", "_"))])));
    expect(namesOf(await loadLinks(dir))).toEqual(["a_js", "b_mjs", "c_cjs", "d_ts", "e_mts", "f_cts"]);
  });

  it("skips index files, source maps, declaration files, other files, and files and folders whose name starts with _", async () => {
    const dir = await folders.make({
      "product-brand.js": linkFile("product-brand.js", "productBrand"),
      "product-brand.js.map": "not JavaScript",
      "index.ts": NOT_IMPORTED,
      "index.js": NOT_IMPORTED,
      "types.d.ts": NOT_IMPORTED,
      "types.d.mts": NOT_IMPORTED,
      "types.d.cts": NOT_IMPORTED,
      "_draft.ts": NOT_IMPORTED,
      "_wip/product-custom.ts": NOT_IMPORTED,
      "catalog/_helpers.ts": NOT_IMPORTED,
      "catalog/index.mjs": NOT_IMPORTED,
      "README.md": "# links",
      "data.json": "{}",
    });
    expect(namesOf(await loadLinks(dir))).toEqual(["productBrand"]);
  });

  it("collects every link definition a file exports, the default export included, by export name, and ignores its other exports", async () => {
    const dir = await folders.make({
      "links.ts":
        linkFile("links.ts", "productBrand") +
        `\nexport default ${productBrandNamed("byDefault")};\nexport const table = "link_x";\nexport function helper() {}\n`,
    });
    expect(namesOf(await loadLinks(dir))).toEqual(["byDefault", "productBrand"]);
  });

  it("returns a definition exported twice, as named and default or from two files, once", async () => {
    const dir = await folders.make({
      "product-brand.ts": `${linkFile("product-brand.ts", "productBrand")}\nexport default productBrand;\n`,
      "again.ts": `export { productBrand as again } from "./product-brand.ts";\n`,
    });
    const links = await loadLinks(dir);
    expect(namesOf(links)).toEqual(["productBrand"]);
  });

  it("loads several folders in the order given, and a link found in more than one of them once", async () => {
    const app = await folders.make({ "z-app.ts": linkFile("z-app.ts", "app") });
    const plugin = await folders.make({ "a-plugin.ts": linkFile("a-plugin.ts", "plugin"), "nested/shared.ts": linkFile("shared.ts", "shared") });
    expect(namesOf(await loadLinks([app, plugin]))).toEqual(["app", "plugin", "shared"]);
    expect(namesOf(await loadLinks([path.join(plugin, "nested"), plugin, app]))).toEqual(["shared", "plugin", "app"]);
  });

  it("resolves a relative folder against the working directory, and takes a file: URL", async () => {
    const dir = await folders.make({ "product-brand.ts": linkFile("product-brand.ts", "productBrand") });
    expect(namesOf(await loadLinks(path.relative(process.cwd(), dir)))).toEqual(["productBrand"]);
    expect(namesOf(await loadLinks(pathToFileURL(dir)))).toEqual(["productBrand"]);
  });

  it("follows symbolic links to files and folders, and reads a folder reached twice once", async () => {
    const plugin = await folders.make({ "plugin-link.ts": linkFile("plugin-link.ts", "plugin") });
    const dir = await folders.make({ "own.ts": linkFile("own.ts", "own") });
    await symlink(plugin, path.join(dir, "plugin"));
    await symlink(dir, path.join(dir, "loop"));
    await symlink(path.join(plugin, "plugin-link.ts"), path.join(dir, "linked-file.ts"));
    await symlink(path.join(dir, "missing.ts"), path.join(dir, "dangling.ts"));
    expect(namesOf(await loadLinks(dir))).toEqual(["plugin", "own"]);
  });

  it("gives no links for an empty folder or an empty list of folders", async () => {
    const dir = await folders.make({ "_later.ts": NOT_IMPORTED });
    expect(await loadLinks(dir)).toEqual([]);
    expect(await loadLinks([])).toEqual([]);
  });

  it("returns definitions RemoteLink accepts, and leaves two links of one table to RemoteLink, which refuses them", async () => {
    const dir = await folders.make({ "product-brand.ts": linkFile("product-brand.ts", "productBrand"), "other.mjs": linkFile("other.mjs", "other") });
    expect(new RemoteLink({ links: await loadLinks(dir), store: new MinimalStore() }).links).toHaveLength(2);

    const sharedTable = `{ database: { table: "link_shared" } }`;
    const clashing = await loadLinks(
      await folders.make({
        "a.ts": `${linkFileHead("a.ts")}export const a = defineLink(Product.linkable.product, Brand.linkable.brand, ${sharedTable});`,
        "b.ts": `${linkFileHead("b.ts")}export const b = defineLink(Product.linkable.productVariant, Inventory.linkable.inventoryItem, ${sharedTable});`,
      }),
    );
    expect(clashing).toHaveLength(2);
    expect(() => new RemoteLink({ links: clashing, store: new MinimalStore() })).toThrow(
      expect.objectContaining({ code: "TABLE_NAME_COLLISION", message: expect.stringContaining('table "link_shared"') }),
    );
    const twice = await loadLinks(await folders.make({ "one.ts": linkFile("one.ts", "same"), "two.mts": linkFile("two.mts", "same") }));
    expect(() => new RemoteLink({ links: twice, store: new MinimalStore() })).toThrow(expect.objectContaining({ code: "DUPLICATE_LINK" }));
  });
});

describe("loadLinks errors", () => {
  it("refuses a folder that does not exist with INVALID_INPUT, naming it as given, where it looked and the working directory", async () => {
    const missing = path.join(await folders.make({}), "lnks");
    const error = await loadError(missing);
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({ code: "INVALID_INPUT", path: missing });
    expect(error.message).toBe(
      `The links folder "${missing}" (${missing}) does not exist. ` +
        `Create it, or pass the folder that holds your link files; a relative path resolves against the working directory (${process.cwd()}).`,
    );
    expect((await loadError(path.relative(process.cwd(), missing))).message).toContain(`"${path.relative(process.cwd(), missing)}" (${missing})`);
  });

  it("refuses a path that is a file, not a folder, with INVALID_INPUT", async () => {
    const file = path.join(await folders.make({ "product-brand.ts": linkFile("product-brand.ts", "productBrand") }), "product-brand.ts");
    const error = await loadError([file]);
    expect(error).toMatchObject({ code: "INVALID_INPUT", path: file });
    expect(error.message).toBe(`The links folder "${file}" (${file}) is a file, not a folder. Pass the folder that holds your link files.`);
  });

  it("refuses an argument that is neither a path nor a file: URL with INVALID_INPUT", async () => {
    for (const wrong of [42, "", new URL("https://example.com/links"), undefined]) {
      const error = await loadError([wrong as string]);
      expect(error).toMatchObject({ code: "INVALID_INPUT", path: undefined });
      expect(error.message).toMatch(/^loadLinks\(\) takes a folder path or a file: URL, or an array of them; got .+\. E\.g\. loadLinks\("src\/links"\)\.$/);
    }
  });

  it("refuses a file that exports no link definition with INVALID_DEFINITION, naming the file and what it exports", async () => {
    const dir = await folders.make({
      "product-brand.ts": linkFile("product-brand.ts", "productBrand"),
      "links.ts": `${linkFileHead("links.ts")}export const links = [${productBrandNamed("a")}];\nexport const helper = () => 1;\n`,
      "empty.mjs": "",
    });
    const file = path.join(dir, "empty.mjs");
    const error = await loadError(dir);
    expect(error).toMatchObject({ code: "INVALID_DEFINITION", path: file });
    expect(error.message).toBe(
      `The link file ${file} exports no link definition (it exports nothing). ` +
        `Export the result of defineLink(...) from ${file}, or name the file with a leading _ to skip it.`,
    );
    const arrays = await loadError(await folders.make({ "links.ts": `${linkFileHead("links.ts")}export const links = [${productBrandNamed("a")}];` }));
    expect(arrays.message).toContain("exports no link definition (it exports links (an array of 1)). Export the result of defineLink(...)");
  });

  it("reports a file that fails to import with INVALID_DEFINITION, naming the file and keeping its error as cause", async () => {
    const dir = await folders.make({ "broken.ts": `${linkFileHead("broken.ts")}throw new Error("no database here");` });
    const file = path.join(dir, "broken.ts");
    const error = await loadError(dir);
    expect(error).toMatchObject({ code: "INVALID_DEFINITION", path: file, cause: expect.objectContaining({ message: "no database here" }) });
    expect(error.message).toBe(`Could not import the link file ${file}: no database here. Fix the file, or name it with a leading _ to skip it.`);

    const invalid = `${linkFileHead("same-module.ts")}export const wrong = defineLink(Product.linkable.product, Product.linkable.productVariant);`;
    const fromDefineLink = await loadError(await folders.make({ "same-module.ts": invalid }));
    expect(fromDefineLink.code).toBe("INVALID_DEFINITION");
    expect(fromDefineLink.cause).toBeInstanceOf(LinkDefinitionError);
    expect(fromDefineLink.message).toMatch(/same-module\.ts: Link product\.product <-> product\.product_variant joins two models of the same module/);
  });
});
