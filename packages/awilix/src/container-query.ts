import type { LinkGraph, LinkStore, ModuleDefinition } from "@modlink/core";
import { LinkQuery, type QueryLimits, type QueryableModuleService, type ReadOnlyLink, type RelationNames } from "@modlink/query";
import type { AwilixContainer } from "awilix";
import { type ServiceRegistrations, containerQueryServices } from "./container-services";

/**
 * How `registerModlink` builds the `LinkQuery` it registers under `query`.
 * Everything is optional: by default every module of the links is read
 * through its registration in the container (the same one cascades use).
 *
 * @example
 * registerModlink(container, { links, store, query: { readOnlyLinks: [variantProduct], modules: { brand: brandQuery } } })
 */
export interface ModlinkQueryOptions {
  /** Query services given directly, by module name; they win over the container's registrations. */
  readonly modules?: Readonly<Record<string, QueryableModuleService>>;
  /** Links stored as fields of a module's own records, followed in queries only; their modules are looked up too. */
  readonly readOnlyLinks?: readonly ReadOnlyLink[];
  /** Custom relation names: `{ product: { brand: "maker" } }`. */
  readonly relationNames?: RelationNames;
  /** Cost limits of every `graph` call; omitted ones keep `DEFAULT_QUERY_LIMITS`. */
  readonly limits?: Partial<QueryLimits>;
}

/** What the registered query is made of, fixed at registration. */
export interface ContainerQuerySource {
  readonly container: AwilixContainer;
  /** The links: `remoteLink.graph`. */
  readonly graph: LinkGraph;
  readonly store: LinkStore;
  /** The application's module definitions, if given: their services are looked up too. */
  readonly modules: readonly ModuleDefinition[] | undefined;
  readonly services: ServiceRegistrations | undefined;
  readonly options: ModlinkQueryOptions;
}

/**
 * Builds the `LinkQuery` from what the container holds now. `registerModlink`
 * calls it on the first resolve of `query`, so module services may be
 * registered after modlink, as long as it is before that first resolve.
 */
export function buildContainerQuery(source: ContainerQuerySource): LinkQuery {
  const { container, graph, store, options } = source;
  const explicit = options.modules ?? {};
  const lookedUp = containerQueryServices(
    container,
    queriedModules(source).filter((module) => !Object.hasOwn(explicit, module)),
    source.services,
  );
  return new LinkQuery({
    graph,
    store,
    modules: { ...lookedUp, ...explicit },
    readOnlyLinks: options.readOnlyLinks,
    relationNames: options.relationNames,
    limits: options.limits,
  });
}

/** Every module a query may read: both sides of each link and read-only link, and the declared modules. */
function queriedModules(source: ContainerQuerySource): string[] {
  const fromLinks = source.graph.definitions.flatMap((definition) => [definition.left.module, definition.right.module]);
  const fromReadOnly = (source.options.readOnlyLinks ?? []).flatMap((link) => [link.from.module, link.to.module]);
  const declared = (source.modules ?? []).map((module) => module.name);
  return [...new Set([...fromLinks, ...fromReadOnly, ...declared])];
}
