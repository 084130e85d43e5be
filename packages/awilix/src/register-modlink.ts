import {
  type AnyLinkDefinition,
  type EventBus,
  FeedRelay,
  type FeedRelayConfig,
  type LinkStore,
  LinkSetupError,
  type ModuleDefinition,
  type ModulesOf,
  RemoteLink,
} from "@modlink/core";
import { type AwilixContainer, aliasTo, asFunction, asValue } from "awilix";
import { type ModlinkQueryOptions, buildContainerQuery } from "./container-query";
import { checkRegistrationOptions } from "./registration-options";
import { type ServiceRegistrations, containerServices } from "./container-services";
import type { ModlinkCradle } from "./modlink-cradle";
import { ModlinkRegistrationKeys } from "./registration-keys";

export interface RegisterModlinkOptions<Ds extends readonly AnyLinkDefinition[]> {
  /** Every link of the application (pass a tuple, `as const` or inline, for typed inputs). */
  readonly links: Ds;
  /** Where link rows live, e.g. `new KnexLinkStore({ knex })` or `new MemoryLinkStore()`. */
  readonly store: LinkStore;
  /** The application's modules; when given, links naming anything else are rejected. */
  readonly modules?: readonly ModuleDefinition[];
  /**
   * Where cascades and queries find module services. Default: the
   * registration named like the module. A map renames some
   * (`{ brand: "brandService" }`); a function `(module, container) => service`
   * decides alone.
   */
  readonly services?: ServiceRegistrations<ModulesOf<Ds>>;
  /** Query services given directly, read-only links and relation names of the `LinkQuery` under `query`. */
  readonly query?: ModlinkQueryOptions;
  /** Close the store when the container is disposed. Default true. */
  readonly closeStore?: boolean;
  /**
   * Deliver link events after commit: registers `feedRelay`, which reads
   * the store's change feed (the store needs `changeFeed: true`) and emits
   * each change's events to the event bus registered under `eventBus`
   * (default "eventBus"), resolved when the relay is first resolved.
   * `start: true` starts it then; otherwise call `feedRelay.start()`.
   */
  readonly events?: ModlinkEventsOptions;
}

/** How `registerModlink` relays link events to the container's event bus. */
export interface ModlinkEventsOptions extends Pick<FeedRelayConfig, "consumer" | "batchSize" | "idleMs" | "onError"> {
  /** The registration of the `EventBus`. Default "eventBus". */
  readonly eventBus?: string;
  /** Start relaying as soon as `feedRelay` is resolved. Default false. */
  readonly start?: boolean;
}

/**
 * Registers modlink in an awilix container: the store (`linkStore`), the
 * definitions (`linkDefinitions`), one `RemoteLink` under `remoteLink` and
 * its alias `link`, and one `LinkQuery` under `query`. All are singletons, so
 * every request scope resolves the same instance; `await container.dispose()`
 * closes the store. Module services are resolved from `container` when a
 * cascade needs them, and when `query` is first resolved, so they may be
 * registered later. Register on the root container.
 *
 * @example
 * const container = registerModlink(createContainer(), { links: [productBrand], store: new MemoryLinkStore() })
 * container.register({ product: asValue(productService), brand: asValue(brandService) })
 * const scope = container.createScope()
 * await scope.resolve("remoteLink").create({ product: { product_id: "prod_1" }, brand: { brand_id: "brand_1" } })
 * await scope.resolve("query").graph({ entity: "product", fields: ["id", "brand.name"] })
 * await container.dispose()
 *
 * @throws LinkSetupError ALREADY_REGISTERED when the container (or a parent) already holds one of modlink's names.
 * @throws LinkDefinitionError when the definitions are unusable.
 */
export function registerModlink<C extends object, const Ds extends readonly AnyLinkDefinition[]>(
  container: AwilixContainer<C>,
  options: RegisterModlinkOptions<Ds>,
): AwilixContainer<C & ModlinkCradle<Ds>> {
  checkRegistrationOptions(options);
  const taken = Object.values(ModlinkRegistrationKeys).filter((name) => container.hasRegistration(name));
  if (taken.length > 0) {
    throw new LinkSetupError(
      "ALREADY_REGISTERED",
      `registerModlink() found ${taken.map((name) => `"${name}"`).join(", ")} already registered in this container. ` +
        `Register modlink once, on the root container, and resolve it from scopes with container.createScope().resolve("remoteLink").`,
    );
  }
  const { links, store, modules, services } = options;
  const remoteLink = new RemoteLink<Ds>({ links, store, modules, services: containerServices(container, services) });
  const querySource = { container, graph: remoteLink.graph, store, modules, services, options: options.query ?? {} };
  let relay: FeedRelay | undefined;
  const storeRegistration =
    options.closeStore === false
      ? asValue(store)
      : asFunction(() => store)
          .singleton()
          // The relay reads the store: it stops (its batch in flight done) before the store closes.
          .disposer(async (opened) => {
            await relay?.stop();
            await opened.close();
          });
  const events = options.events;
  const registered = container.register({
    [ModlinkRegistrationKeys.LINK_STORE]: storeRegistration,
    [ModlinkRegistrationKeys.LINK_DEFINITIONS]: asValue(links),
    [ModlinkRegistrationKeys.REMOTE_LINK]: asValue(remoteLink),
    // An alias, not a second value: one registration to override, and resolving `link` is resolving `remoteLink`.
    [ModlinkRegistrationKeys.LINK]: aliasTo(ModlinkRegistrationKeys.REMOTE_LINK),
    // Built on first resolve, so it sees module services registered after this call.
    [ModlinkRegistrationKeys.QUERY]: asFunction(() => buildContainerQuery(querySource)).singleton(),
  });
  if (events !== undefined) {
    const { eventBus = "eventBus", start = false, ...relayOptions } = events;
    registered.register(
      ModlinkRegistrationKeys.FEED_RELAY,
      asFunction(() => {
        relay = new FeedRelay({ ...relayOptions, remoteLink, store, eventBus: registered.resolve<EventBus>(eventBus) });
        if (start) relay.start();
        return relay;
      })
        .singleton()
        .disposer((stopping) => stopping.stop()),
    );
  }
  // awilix disposes only what it has resolved: resolve the store now so dispose() always closes it.
  registered.resolve(ModlinkRegistrationKeys.LINK_STORE);
  return registered;
}
