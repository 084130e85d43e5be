export { registerModlink } from "./register-modlink";
export type { ModlinkEventsOptions, RegisterModlinkOptions } from "./register-modlink";
export { resolveRemoteLink } from "./resolve-remote-link";
export { containerQueryServices, containerServices } from "./container-services";
export type { ModlinkQueryOptions } from "./container-query";
export type { ServiceRegistrations } from "./container-services";
export { ModlinkRegistrationKeys } from "./registration-keys";
export type { ModlinkRegistrationKey } from "./registration-keys";
export type { ModlinkCradle, ModlinkEventsCradle } from "./modlink-cradle";
