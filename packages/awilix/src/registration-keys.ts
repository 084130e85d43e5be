import { ContainerRegistrationKeys } from "@modlink/core";

/**
 * Every name `registerModlink` registers in an awilix container: the keys of
 * `@modlink/core` (`remoteLink`, `link`, `query`), plus the store and the
 * link definitions.
 *
 * @example
 * const store = container.resolve(ModlinkRegistrationKeys.LINK_STORE)
 */
export const ModlinkRegistrationKeys = {
  ...ContainerRegistrationKeys,
  LINK_STORE: "linkStore",
  LINK_DEFINITIONS: "linkDefinitions",
  /** With `events`: the relay from the change feed to the container's event bus. */
  FEED_RELAY: "feedRelay",
} as const;

export type ModlinkRegistrationKey = (typeof ModlinkRegistrationKeys)[keyof typeof ModlinkRegistrationKeys];
