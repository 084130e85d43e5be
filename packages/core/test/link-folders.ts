import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/*
 * Real folders of real link files for `loadLinks`. ES module files import core's
 * source (vitest compiles it, and shares it with the test); CommonJS files
 * require core's built CommonJS entry, as a plugin's own copy of core would.
 */

const SOURCE_ENTRY = pathToFileURL(fileURLToPath(new URL("../src/index.ts", import.meta.url))).href;
const BUILT_COMMONJS_ENTRY = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));

const MODULES = [
  `const Product = defineModule("product", { models: ["product", "product_variant"] });`,
  `const Brand = defineModule("brand", { models: ["brand"] });`,
  `const Inventory = defineModule("inventory", { models: ["inventory_item"] });`,
].join("\n");

/** The opening of a link file: core's `defineLink` and three modules to link. */
export function linkFileHead(file: string): string {
  const imports = /\.c[jt]s$/.test(file)
    ? `const { defineLink, defineModule } = require(${JSON.stringify(BUILT_COMMONJS_ENTRY)});`
    : `import { defineLink, defineModule } from ${JSON.stringify(SOURCE_ENTRY)};`;
  return `${imports}\n${MODULES}\n`;
}

/** `defineLink(...)` of product and brand, told apart by `name`. */
export function productBrandNamed(name: string): string {
  return `defineLink(Product.linkable.product, Brand.linkable.brand, { name: ${JSON.stringify(name)} })`;
}

/**
 * Makes folders of files under one temporary root (with `"type": "module"`,
 * so .js files are ES modules); `remove()` deletes them all.
 *
 * @example
 * const folders = await linkFolders()
 * const dir = await folders.make({ "product-brand.ts": `export const productBrand = ${productBrandNamed("a")}` })
 */
export async function linkFolders(): Promise<{ make(files: Record<string, string>): Promise<string>; remove(): Promise<void> }> {
  // Its real path: loadLinks names files by theirs (macOS's tmpdir is a symbolic link).
  const root = await realpath(await mkdtemp(path.join(tmpdir(), "modlink-load-links-")));
  await writeFile(path.join(root, "package.json"), JSON.stringify({ type: "module" }));
  let made = 0;
  return {
    async make(files) {
      const folder = path.join(root, `links-${++made}`);
      await mkdir(folder);
      for (const [name, body] of Object.entries(files)) {
        const file = path.join(folder, name);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, body);
      }
      return folder;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
