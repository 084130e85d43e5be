import { type LinkableModuleService, LinkSetupError } from "@modlink/core";
import type { AwilixContainer } from "awilix";

/**
 * Where cascades find module services in the container. By default a module's
 * service is the registration named like the module (`brand` for module
 * "brand"). A map renames some modules' registrations (others keep the
 * default); a function finds services any way it likes.
 *
 * @example
 * registerModlink(container, { links, store, services: { brand: "brandModuleService" } })
 */
export type ServiceRegistrations<Module extends string = string> =
  | { readonly [M in Module]?: string }
  | ((module: string, container: AwilixContainer) => LinkableModuleService | undefined);

/**
 * A service lookup for `RemoteLink` that resolves from `container` each time a
 * cascade asks, so services registered after modlink are found. A module with
 * no registration gives undefined (RemoteLink then reports `MISSING_SERVICE`
 * before writing anything); a registration that is not a
 * `LinkableModuleService` is reported as `MISSING_SERVICE` too.
 *
 * @example
 * const lookup = containerServices(container, { brand: "brandService" })
 * lookup("brand") // container.resolve("brandService")
 */
export function containerServices(
  container: AwilixContainer,
  services: ServiceRegistrations | undefined,
): (module: string) => LinkableModuleService | undefined {
  if (typeof services === "function") return (module) => services(module, container);
  const names: Readonly<Record<string, string | undefined>> = services ?? {};
  return (module) => {
    const name = (Object.hasOwn(names, module) ? names[module] : undefined) ?? module;
    // allowUnregistered: a missing registration becomes undefined rather than awilix's own error.
    const service = container.resolve<unknown>(name, { allowUnregistered: true });
    if (service === undefined) return undefined;
    if (!isLinkableModuleService(service)) {
      throw new LinkSetupError(
        "MISSING_SERVICE",
        `The container registration "${name}" (the service of module "${module}") is not a LinkableModuleService: ` +
          `it needs softDeleteRecords(model, ids, context) and restoreRecords(model, ids, context) for cascades to reach module "${module}".`,
      );
    }
    return service;
  };
}

function isLinkableModuleService(value: unknown): value is LinkableModuleService {
  const candidate = value as Partial<LinkableModuleService> | null;
  return (
    typeof value === "object" &&
    value !== null &&
    typeof candidate?.softDeleteRecords === "function" &&
    typeof candidate.restoreRecords === "function"
  );
}
