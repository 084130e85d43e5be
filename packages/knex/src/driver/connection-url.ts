import { maskPassword } from "@modlink/core/store";
import path from "node:path";
import { LinkStoreError } from "@modlink/core";

/** Where a URL points: a PostgreSQL server, or an embedded PGlite database. */
export type ConnectionTarget =
  { readonly kind: "postgres"; readonly url: string } | { readonly kind: "pglite-memory" } | { readonly kind: "pglite-disk"; readonly directory: string };

const PGLITE_SCHEME = "pglite://";

/**
 * Reads a storage URL: `postgres://` / `postgresql://` -> a server;
 * `pglite://memory` -> in memory; `pglite://./dir` (relative to the working
 * directory) or `pglite:///abs/dir` -> PGlite on disk.
 *
 * @example parseConnectionUrl("pglite://./.modlink-data") // { kind: "pglite-disk", directory: "/app/.modlink-data" }
 */
export function parseConnectionUrl(url: string, cwd: string = process.cwd()): ConnectionTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  if (url.startsWith(PGLITE_SCHEME)) {
    const rest = url.slice(PGLITE_SCHEME.length);
    if (rest === "memory") return { kind: "pglite-memory" };
    if (rest.length > 0) return { kind: "pglite-disk", directory: path.resolve(cwd, rest) };
  }
  throw new LinkStoreError(
    "CONNECTION_FAILED",
    `Unsupported storage URL ${JSON.stringify(maskPassword(url))}. Use postgres://user:password@host:5432/database, ` +
      `pglite://memory, pglite://./relative/dir or pglite:///absolute/dir.`,
  );
}

/** The URL with its password replaced by `***` (from `@modlink/core/store`, shared by every adapter). */
export { maskPassword };

/** How a target is named in messages. */
export function describeTarget(target: ConnectionTarget): string {
  switch (target.kind) {
    case "postgres":
      return maskPassword(target.url);
    case "pglite-memory":
      return "pglite://memory";
    case "pglite-disk":
      return `pglite://${target.directory}`;
  }
}
