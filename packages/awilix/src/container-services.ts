import { LinkSetupError, type LinkableModuleService } from "@modlink/core";
import type { QueryableModuleService } from "@modlink/query";
import type { AwilixContainer } from "awilix";

/**
 * Where modlink finds module services in the container, for cascades and for
 * queries alike. By default a module's service is the registration named like
 * the module (`brand` for module "brand"). A map renames some modules'
 * registrations (others keep the default); a function finds services any way
 * it likes.
 *
 * @example
 * registerModlink(container, { links, store, services: { brand: "brandModuleService" } })
 */
export type ServiceRegistrations<Module extends string = string> =
  { readonly [M in Module]?: string } | ((module: string, container: AwilixContainer) => LinkableModuleService | QueryableModuleService | undefined);

/** What the container holds for a module, and how to name it in messages. */
interface FoundService {
  readonly value: unknown;
  readonly origin: string;
}

/** The one place that turns a module name into what the container holds for it. */
function findService(container: AwilixContainer, services: ServiceRegistrations | undefined, module: string): FoundService {
  if (typeof services === "function") {
    return { value: services(module, container), origin: `The services function's result for module "${module}"` };
  }
  const names: Readonly<Record<string, string | undefined>> = services ?? {};
  const name = (Object.hasOwn(names, module) ? names[module] : undefined) ?? module;
  // allowUnregistered: a missing registration becomes undefined rather than awilix's own error.
  const value = container.resolve<unknown>(name, { allowUnregistered: true });
  return { value, origin: `The container registration "${name}" (the service of module "${module}")` };
}

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
  return (module) => {
    const { value, origin } = findService(container, services, module);
    if (value === undefined) return undefined;
    if (!isLinkableModuleService(value)) {
      throw new LinkSetupError(
        "MISSING_SERVICE",
        `${origin} is not a LinkableModuleService: ` +
          `it needs softDeleteRecords(model, ids, context) and restoreRecords(model, ids, context) for cascades to reach module "${module}".`,
      );
    }
    return value;
  };
}

/**
 * The query services of `modules` found in `container`, for `LinkQuery`'s
 * `modules`. A module with no registration, or one that is not a
 * `QueryableModuleService` (`models` and `listRecords`), is left out: queries
 * reaching its records fail with `MISSING_SERVICE` naming it.
 *
 * @example
 * new LinkQuery({ graph: remoteLink.graph, store, modules: containerQueryServices(container, ["product", "brand"]) })
 */
export function containerQueryServices(
  container: AwilixContainer,
  modules: Iterable<string>,
  services?: ServiceRegistrations,
): Record<string, QueryableModuleService> {
  const found: Record<string, QueryableModuleService> = {};
  for (const module of new Set(modules)) {
    const { value } = findService(container, services, module);
    if (isQueryableModuleService(value)) found[module] = value;
  }
  return found;
}

function isLinkableModuleService(value: unknown): value is LinkableModuleService {
  const candidate = value as Partial<LinkableModuleService> | null;
  return typeof value === "object" && value !== null && typeof candidate?.softDeleteRecords === "function" && typeof candidate.restoreRecords === "function";
}

function isQueryableModuleService(value: unknown): value is QueryableModuleService {
  const candidate = value as Partial<QueryableModuleService> | null;
  return (
    typeof value === "object" &&
    value !== null &&
    typeof candidate?.listRecords === "function" &&
    typeof candidate.models === "object" &&
    candidate.models !== null
  );
}
