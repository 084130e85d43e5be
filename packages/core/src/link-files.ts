import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";

/** What a link file may be: JavaScript, or TypeScript when a loader (tsx, vitest) runs it. */
const LINK_FILE = /\.(?:js|mjs|cjs|ts|mts|cts)$/;

/** Never link files: declarations and source maps sit next to built files. */
const NOT_LINK_FILE = /\.d\.(?:ts|mts|cts)$|\.map$/;

/** Whether a file is a link file by its name; `index.*` files only re-export. */
function isLinkFileName(name: string): boolean {
  return !/^index\./.test(name) && LINK_FILE.test(name) && !NOT_LINK_FILE.test(name);
}

/**
 * The link files under `folder` (absolute), in every subfolder not starting
 * with `_`, sorted by path so every run imports them in the same order, as
 * real paths. Symbolic links are followed; a folder reached twice is read
 * once, a file reached twice is listed once.
 *
 * @example
 * await findLinkFiles("/app/src/links") // ["/app/src/links/brand/product-brand.ts", "/app/src/links/variant-inventory.ts"]
 */
export async function findLinkFiles(folder: string): Promise<string[]> {
  const found: { readonly path: string; readonly real: string }[] = [];
  const visited = new Set<string>();
  let level = [folder];
  while (level.length > 0) {
    const below: string[] = [];
    for (const current of level) {
      const real = await realpath(current);
      if (visited.has(real)) continue;
      visited.add(real);
      for (const entry of await readdir(current, { withFileTypes: true })) {
        // A leading _ keeps a file or a folder out of loading: helpers, drafts.
        if (entry.name.startsWith("_")) continue;
        const full = path.join(current, entry.name);
        const kind = await kindOf(entry, full);
        if (kind === "folder") below.push(full);
        else if (kind === "file" && isLinkFileName(entry.name)) found.push({ path: full, real: await realpath(full) });
      }
    }
    level = below;
  }
  found.sort(byPath);
  // Imported by real path, once: a file reached by two paths must be one module.
  return [...new Set(found.map((file) => file.real))];
}

/** By code unit, not locale: the same order on every machine. */
function byPath(a: { readonly path: string }, b: { readonly path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

async function kindOf(entry: Dirent, full: string): Promise<"folder" | "file" | "other"> {
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? "folder" : entry.isFile() ? "file" : "other";
  // A dangling link is neither: nothing to import.
  const target = await stat(full).catch(() => undefined);
  return target?.isDirectory() ? "folder" : target?.isFile() ? "file" : "other";
}
