import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AnyLinkDefinition } from "./define-link";
import { LinkLoadError } from "./errors";
import { describe } from "./extra-column-values";
import { isLinkDefinition } from "./is-link-definition";
import { findLinkFiles } from "./link-files";

/** A folder of link files: a path (a relative one resolves against the working directory) or a `file:` URL. */
export type LinkFolder = string | URL;

/** A folder as the caller wrote it, for messages, and where it is. */
interface Folder {
  readonly given: string;
  readonly path: string;
}

/**
 * Imports every link file under one folder or several, subfolders included,
 * and returns the link definitions they export (named or default), each once,
 * in file path order. Link files end in .js, .mjs, .cjs, .ts, .mts or .cts
 * (TypeScript needs a loader such as tsx); `index.*`, `*.d.ts` and `*.map`
 * files, and files and folders whose name starts with `_`, are skipped.
 * Links that clash (the same table) are refused by `RemoteLink`, not here.
 *
 * @example
 * const links = await loadLinks("src/links") // or new URL("./links/", import.meta.url)
 * const remoteLink = new RemoteLink({ links, store })
 * @example
 * registerModlink(container, { links: await loadLinks(["src/links", "node_modules/some-plugin/links"]), store })
 *
 * @throws LinkLoadError INVALID_INPUT when a folder does not exist, is not a folder, or is not a path;
 *   INVALID_DEFINITION when a file fails to import (`cause` holds its error) or exports no link definition.
 */
export async function loadLinks(folders: LinkFolder | readonly LinkFolder[]): Promise<AnyLinkDefinition[]> {
  const found = new Set<AnyLinkDefinition>();
  for (const folder of toFolders(folders)) {
    for (const file of await linkFilesIn(folder)) {
      for (const definition of await definitionsIn(file)) found.add(definition);
    }
  }
  return [...found];
}

function toFolders(folders: LinkFolder | readonly LinkFolder[]): Folder[] {
  const list: readonly unknown[] = Array.isArray(folders) ? folders : [folders];
  return list.map((folder) => {
    if (typeof folder === "string" && folder !== "") return { given: folder, path: path.resolve(folder) };
    if (folder instanceof URL && folder.protocol === "file:") return { given: folder.href, path: fileURLToPath(folder) };
    throw new LinkLoadError({
      code: "INVALID_INPUT",
      path: undefined,
      message: `loadLinks() takes a folder path or a file: URL, or an array of them; got ${describe(folder)}. E.g. loadLinks("src/links").`,
    });
  });
}

async function linkFilesIn(folder: Folder): Promise<string[]> {
  try {
    return await findLinkFiles(folder.path);
  } catch (error) {
    const { code, path: at = folder.path } = error as NodeJS.ErrnoException;
    const where = at === folder.path ? `The links folder "${folder.given}" (${folder.path})` : `${at}, in the links folder "${folder.given}",`;
    const problem =
      code === "ENOENT"
        ? `does not exist. Create it, or pass the folder that holds your link files; a relative path resolves against the working directory (${process.cwd()}).`
        : code === "ENOTDIR"
          ? "is a file, not a folder. Pass the folder that holds your link files."
          : `could not be read: ${messageOf(error)}.`;
    throw new LinkLoadError({ code: "INVALID_INPUT", path: at, message: `${where} ${problem}`, cause: error });
  }
}

async function definitionsIn(file: string): Promise<AnyLinkDefinition[]> {
  let exported: Record<string, unknown>;
  try {
    exported = await import(/* @vite-ignore */ pathToFileURL(file).href);
  } catch (error) {
    throw new LinkLoadError({
      code: "INVALID_DEFINITION",
      path: file,
      message: `Could not import the link file ${file}: ${messageOf(error)}. ${importAdvice(error)}`,
      cause: error,
    });
  }
  // By export name: a module namespace's key order differs between loaders.
  const names = Object.keys(exported).sort();
  const definitions = names.map((name) => exported[name]).filter(isLinkDefinition);
  if (definitions.length === 0) {
    const described = names.map((name) => `${name} (${describe(exported[name])})`);
    throw new LinkLoadError({
      code: "INVALID_DEFINITION",
      path: file,
      message:
        `The link file ${file} exports no link definition (${described.length === 0 ? "it exports nothing" : `it exports ${described.join(", ")}`}). ` +
        `Export the result of defineLink(...) from ${file}, or name the file with a leading _ to skip it.`,
    });
  }
  return definitions;
}

function importAdvice(error: unknown): string {
  // Node 20 imports no TypeScript of its own: an app runs under a loader, or loads its built files.
  return (error as NodeJS.ErrnoException | null)?.code === "ERR_UNKNOWN_FILE_EXTENSION"
    ? "To import TypeScript, run under a loader such as tsx, or load the folder of built .js files instead."
    : "Fix the file, or name it with a leading _ to skip it.";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
