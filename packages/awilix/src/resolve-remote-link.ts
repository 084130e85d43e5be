import { type AnyLinkDefinition, LinkSetupError, type RemoteLink } from "@modlink/core";
import type { AwilixContainer } from "awilix";
import type { ModlinkCradle } from "./modlink-cradle";
import { ModlinkRegistrationKeys } from "./registration-keys";

/**
 * Resolves the `RemoteLink` from a container or request scope, with a clear
 * error when modlink was never registered there.
 *
 * @example
 * const remoteLink = resolveRemoteLink(req.scope)
 * @throws LinkSetupError NOT_REGISTERED when `registerModlink` has not run on the container or a parent.
 */
export function resolveRemoteLink<Ds extends readonly AnyLinkDefinition[]>(container: AwilixContainer<ModlinkCradle<Ds>>): RemoteLink<Ds>;
export function resolveRemoteLink(container: AwilixContainer): RemoteLink;
export function resolveRemoteLink(container: AwilixContainer): RemoteLink {
  if (!container.hasRegistration(ModlinkRegistrationKeys.REMOTE_LINK)) {
    throw new LinkSetupError(
      "NOT_REGISTERED",
      `No "${ModlinkRegistrationKeys.REMOTE_LINK}" in this container: call registerModlink(container, { links, store }) ` +
        `on the root container at start-up, before anything resolves modlink.`,
    );
  }
  return container.resolve<RemoteLink>(ModlinkRegistrationKeys.REMOTE_LINK);
}
