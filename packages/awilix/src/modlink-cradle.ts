import type { AnyLinkDefinition, FeedRelay, LinkStore, RemoteLink } from "@modlink/core";
import type { LinkQuery } from "@modlink/query";

/**
 * What `registerModlink` adds to a container's cradle. Type your container
 * with it so resolving `remoteLink` gives the `RemoteLink` of your links.
 *
 * @example
 * const container = createContainer<ModlinkCradle<typeof links>>()
 * registerModlink(container, { links, store })
 * const remoteLink = container.resolve("remoteLink") // RemoteLink<typeof links>
 * const query = container.resolve("query")           // LinkQuery
 */
export interface ModlinkCradle<Ds extends readonly AnyLinkDefinition[] = readonly AnyLinkDefinition[]> {
  /** `ContainerRegistrationKeys.REMOTE_LINK`. */
  readonly remoteLink: RemoteLink<Ds>;
  /** `ContainerRegistrationKeys.LINK`: the same instance as `remoteLink`. */
  readonly link: RemoteLink<Ds>;
  /**
   * `ContainerRegistrationKeys.QUERY`: reads records with their linked
   * records. Built on first resolve from the module services then registered.
   */
  readonly query: LinkQuery;
  /** The store given to `registerModlink`; closed when the container is disposed. */
  readonly linkStore: LinkStore;
  /** The link definitions given to `registerModlink`. */
  readonly linkDefinitions: Ds;
}

/**
 * What `registerModlink` adds with the `events` option: the relay from the
 * store's change feed to the container's event bus. Call `start()` (or
 * pass `start: true`); the container's `dispose()` stops it.
 *
 * @example
 * const container = createContainer<ModlinkCradle<typeof links> & ModlinkEventsCradle>()
 * registerModlink(container, { links, store, events: {} })
 * container.resolve("feedRelay").start()
 */
export interface ModlinkEventsCradle {
  readonly feedRelay: FeedRelay;
}
