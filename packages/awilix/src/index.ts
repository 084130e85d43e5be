export { registerModlink } from "./register-modlink";
export type { RegisterModlinkOptions } from "./register-modlink";
export { resolveRemoteLink } from "./resolve-remote-link";
export { containerServices } from "./container-services";
export type { ServiceRegistrations } from "./container-services";
export { ModlinkRegistrationKeys } from "./registration-keys";
export type { ModlinkRegistrationKey } from "./registration-keys";
export type { ModlinkCradle } from "./modlink-cradle";
