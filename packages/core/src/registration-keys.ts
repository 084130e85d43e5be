/**
 * Names under which a host application's container holds modlink.
 *
 * @example
 * const remoteLink = req.scope.resolve(ContainerRegistrationKeys.REMOTE_LINK)
 */
export const ContainerRegistrationKeys = {
  REMOTE_LINK: "remoteLink",
  LINK: "link",
} as const;

export type ContainerRegistrationKey = (typeof ContainerRegistrationKeys)[keyof typeof ContainerRegistrationKeys];
