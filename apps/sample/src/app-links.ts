import { type AnyLinkDefinition, loadLinks } from "@modlink/core";
import type { productBrand } from "./links/product-brand.js";
import type { productCustom } from "./links/product-custom.js";
import type { variantInventory } from "./links/variant-inventory.js";

/** `src/links` under tsx and vitest, `dist/links` in the built app: wherever this file runs from. */
const LINKS_FOLDER = new URL("./links/", import.meta.url);

/**
 * The links of the app's link files, by type, for the container's cradle:
 * `RemoteLink<AppLinks>` checks inputs at compile time. Loaded links carry no
 * such type, so a new link file is named here too; a test checks that the
 * two agree.
 */
export type AppLinks = ReadonlyArray<typeof productBrand | typeof productCustom | typeof variantInventory>;

/**
 * Imports every link file in `links/`, one link per file, as Medusa loads a
 * project's `src/links`. A file there that exports no link stops the app;
 * name it with a leading `_` to keep it out.
 *
 * @example registerModlink(container, { links: await loadAppLinks(), store })
 */
export function loadAppLinks(): Promise<AnyLinkDefinition[]> {
  return loadLinks(LINKS_FOLDER);
}
