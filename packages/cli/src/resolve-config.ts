import { LinkGraph, type AnyLinkDefinition } from "@modlink/core";
import { isValidIdentifier } from "@modlink/core/store";
import { CliError } from "./cli-error";
import { type ResolvedModuleCheck, resolveModuleChecks } from "./resolve-module-checks";

/** Where the database URL in effect came from, for messages. */
export const UrlSources = ["DATABASE_URL", "config"] as const;
export type UrlSource = (typeof UrlSources)[number];

/** The config after checking: one shape for every command, frozen. */
export interface ResolvedConfig {
  readonly file: string;
  readonly graph: LinkGraph;
  readonly links: readonly AnyLinkDefinition[];
  readonly database: { readonly url: string; readonly source: UrlSource } | undefined;
  readonly schema: string;
  /** `changeFeed: true`: sync creates the change feed's tables. */
  readonly changeFeed: boolean;
  /** Doctor's id checks, by module name. */
  readonly checks: ReadonlyMap<string, ResolvedModuleCheck>;
}

/**
 * Checks what a config file exported and normalises it; `DATABASE_URL` wins
 * over `databaseUrl`. Link definitions are validated as `RemoteLink` would.
 *
 * @example resolveConfig({ links: [productBrand] }, { file: "/app/modlink.config.ts", env: {} }).schema // "public"
 */
export function resolveConfig(
  exported: unknown,
  context: { readonly file: string; readonly env: Readonly<Record<string, string | undefined>> },
): ResolvedConfig {
  const { file } = context;
  if (typeof exported !== "object" || exported === null) {
    throw new CliError("INVALID_CONFIG", `${file} must export an object by default: export default defineConfig({ links: [...] }).`);
  }
  const config = exported as Record<string, unknown>;
  const links = config.links;
  if (!Array.isArray(links) || links.length === 0) {
    throw new CliError("INVALID_CONFIG", `${file}: \`links\` must be a non-empty array of defineLink(...) results; got ${describe(links)}.`);
  }
  const graph = new LinkGraph(links as AnyLinkDefinition[]);
  const schema = config.schema ?? "public";
  if (!isValidIdentifier(schema)) {
    throw new CliError("INVALID_CONFIG", `${file}: \`schema\` ${JSON.stringify(schema)} is not usable; use lower-case letters, digits and underscores.`);
  }
  if (config.databaseUrl !== undefined && typeof config.databaseUrl !== "string") {
    throw new CliError(
      "INVALID_CONFIG",
      `${file}: \`databaseUrl\` must be a string such as "postgres://user@localhost:5432/app"; got ${describe(config.databaseUrl)}.`,
    );
  }
  if (config.changeFeed !== undefined && typeof config.changeFeed !== "boolean") {
    throw new CliError("INVALID_CONFIG", `${file}: \`changeFeed\` must be true or false; got ${describe(config.changeFeed)}.`);
  }
  const changeFeed = config.changeFeed === true;
  const fromEnv = context.env.DATABASE_URL;
  const database =
    fromEnv !== undefined && fromEnv !== ""
      ? { url: fromEnv, source: "DATABASE_URL" as const }
      : config.databaseUrl
        ? { url: config.databaseUrl, source: "config" as const }
        : undefined;
  const checks = resolveModuleChecks(config.modules, { file, schema, definitions: graph.definitions });
  return Object.freeze({ file, graph, links: graph.definitions, database, schema, changeFeed, checks });
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `an empty array`;
  return typeof value;
}
