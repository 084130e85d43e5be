/**
 * Names under which a host application's container holds modlink.
 *
 * @example
 * const remoteLink = req.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK)
 */
export const ContainerRegistrationKeys = {
  REMOTE_LINK: "remoteLink",
  LINK: "link",
  /** The `LinkQuery` that reads records together with their linked records. */
  QUERY: "query",
} as const;

export type ContainerRegistrationKey = (typeof ContainerRegistrationKeys)[keyof typeof ContainerRegistrationKeys];
