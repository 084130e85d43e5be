import type { ModuleDefinition } from "./define-module";
import { LinkDefinitionError, LinkSetupError } from "./errors";
import { describe } from "./extra-columns";
import { isPlainObject } from "./input-guards";
import { type MedusaMethodNames, medusaMethodNames, methodNamesLike } from "./medusa-method-names";
import { type ModuleWriteMode, ModuleWriteModes } from "./module-service";
import { isValidName, modelKey, toSnakeCase } from "./naming";

/**
 * How the adapter reaches one model of a Medusa module, when Medusa's own
 * naming does not say it. Every field is optional: `{}` takes the defaults.
 *
 * @example
 * const variant: MedusaStyleModel = { softDelete: "softDeleteVariants", restore: "restoreVariants", key: "variant_id" }
 */
export interface MedusaStyleModel {
  /** The soft-delete method, when it is not `softDelete<Models>` (an irregular plural, a shorter name). */
  readonly softDelete?: string;
  /** The restore method, when it is not `restore<Models>`. */
  readonly restore?: string;
  /**
   * The linkable key the module returns this model's ids under, when it is not
   * modlink's `{model}_id` (Medusa's product module says `variant_id` for
   * `product_variant`). The adapter asks for it and reports the ids under
   * modlink's key.
   */
  readonly key?: string;
}

/**
 * Models by name (as in `defineModule`), each with its `MedusaStyleModel` options.
 *
 * @example
 * const models: MedusaStyleModels = { product: {}, person: { softDelete: "softDeletePeople", restore: "restorePeople" } }
 */
export type MedusaStyleModels<Model extends string = string> = { readonly [M in Model]?: MedusaStyleModel };

/** A module definition's model names: `"product" | "product_variant"`. */
export type ModelOf<Module extends ModuleDefinition> = Module["linkable"][keyof Module["linkable"]]["model"];

/**
 * What `fromMedusaStyleService` serves: every model of `module`, with
 * `models` adjusting the names of some; or, without a definition, the models
 * `models` names.
 *
 * @example
 * const config: MedusaStyleServiceConfig = { module: Product, models: { product_variant: { softDelete: "softDeleteVariants", restore: "restoreVariants" } } }
 */
export type MedusaStyleServiceConfig<Module extends ModuleDefinition = ModuleDefinition> =
  | {
      /** The module's definition: the adapter serves each of its models and asks for all their keys. */
      readonly module: Module;
      /** Options for the models whose method names or key Medusa's naming does not give. */
      readonly models?: MedusaStyleModels<ModelOf<Module>>;
      /** Where the module writes (see `ModuleWriteModes`); default `"separate"`. */
      readonly writeMode?: ModuleWriteMode;
    }
  | {
      readonly module?: undefined;
      /** The models the adapter serves; modlink's key of each is `{model}_id`, as `defineModule` makes it. */
      readonly models: MedusaStyleModels;
      readonly writeMode?: ModuleWriteMode;
    };

/** A method of the service, found once at construction and never looked up by name again. */
export interface MedusaMethod {
  readonly name: string;
  call(ids: string[], config: { returnLinkableKeys: string[] }, sharedContext: { transactionManager?: unknown }): Promise<unknown>;
}

/** A model the adapter serves, with its two methods. */
export interface ServedModel {
  readonly softDelete: MedusaMethod;
  readonly restore: MedusaMethod;
}

/** The adapter's configuration after every check: one internal shape. */
export interface MedusaStylePlan {
  /** Who speaks in messages: `fromMedusaStyleService (module "product")`, or without a definition `fromMedusaStyleService`. */
  readonly label: string;
  readonly writeMode: ModuleWriteMode;
  /** By modlink's model name (snake_case). */
  readonly served: ReadonlyMap<string, ServedModel>;
  /** modlink's key by the module's own name for it: the keys asked for (`returnLinkableKeys`) and kept. */
  readonly keys: ReadonlyMap<string, string>;
}

const MODEL_OPTIONS: ReadonlyArray<keyof MedusaStyleModel> = ["softDelete", "restore", "key"];

/**
 * Checks the service and configuration once, at construction, and finds
 * every method the adapter will call.
 * @throws LinkDefinitionError INVALID_DEFINITION for a malformed configuration.
 * @throws LinkSetupError MISSING_SERVICE naming each model whose methods the service lacks.
 */
export function planMedusaStyleService(service: unknown, config: unknown): MedusaStylePlan {
  if (!isPlainObject(config)) {
    throw invalid(
      `fromMedusaStyleService(service, config) needs a config such as { module: Product } or { models: { product: {} } }, got ${describe(config)}.`,
    );
  }
  const module = readModule(config.module);
  const label = module ? `fromMedusaStyleService (module "${module.name}")` : "fromMedusaStyleService";
  const writeMode = readWriteMode(config.writeMode, label);
  const models = readModels(config.models, module, label);
  if (typeof service !== "object" || service === null) {
    throw new LinkSetupError("MISSING_SERVICE", `${label} needs the module's service object as its first argument, got ${describe(service)}.`);
  }
  return { label, writeMode, served: findMethods(service, models, label), keys: keyNames(models, label) };
}

function readModule(module: unknown): ModuleDefinition | undefined {
  if (module === undefined || isModuleDefinition(module)) return module;
  throw invalid(`fromMedusaStyleService: module must be a definition from defineModule(), got ${describe(module)}.`);
}

function isModuleDefinition(value: unknown): value is ModuleDefinition {
  if (!isPlainObject(value) || typeof value.name !== "string" || !isPlainObject(value.linkable)) return false;
  return Object.values(value.linkable).every((linkable) => isPlainObject(linkable) && typeof linkable.model === "string" && typeof linkable.key === "string");
}

function readWriteMode(writeMode: unknown, label: string): ModuleWriteMode {
  if (writeMode === undefined) return "separate";
  const mode = ModuleWriteModes.find((m) => m === writeMode);
  if (mode === undefined) {
    throw invalid(`${label}: writeMode is ${describe(writeMode)}; use one of ${quoteAll(ModuleWriteModes)}.`);
  }
  return mode;
}

/**
 * The served models by modlink's name, with their options: every model of
 * `module`, adjusted by `models`; without a definition, the models `models` names.
 */
function readModels(models: unknown, module: ModuleDefinition | undefined, label: string): Map<string, MedusaStyleModel> {
  const known = module ? Object.values(module.linkable).map((linkable) => linkable.model) : undefined;
  const given = models === undefined && known ? {} : models;
  if (!isPlainObject(given) || (!known && Object.keys(given).length === 0)) {
    throw invalid(`${label} needs models: the models it serves, e.g. { product: {} }, or module: <defineModule(...)>.`);
  }
  const read = new Map<string, MedusaStyleModel>((known ?? []).map((model) => [model, {}]));
  const named = new Set<string>();
  for (const [name, options] of Object.entries(given)) {
    const model = isValidName(name) ? toSnakeCase(name) : undefined;
    if (model === undefined || named.has(model)) throw invalid(`${label}: model ${JSON.stringify(name)} is not a usable, unique model name.`);
    if (known && !known.includes(model)) {
      throw invalid(`${label}: models names "${model}", which the module does not define; it has ${quoteAll(known)}.`);
    }
    named.add(model);
    read.set(model, readModelOptions(options, model, label));
  }
  return read;
}

function readModelOptions(options: unknown, model: string, label: string): MedusaStyleModel {
  if (options === undefined) return {};
  const at = `${label}, model "${model}"`;
  if (!isPlainObject(options)) throw invalid(`${at}: the options must be an object ({} for the defaults), got ${describe(options)}.`);
  const unknown = Object.keys(options).find((field) => !MODEL_OPTIONS.some((known) => known === field));
  if (unknown !== undefined) throw invalid(`${at}: unknown option "${unknown}"; the options are ${quoteAll(MODEL_OPTIONS)}.`);
  const name = (field: keyof MedusaStyleModel): string | undefined => {
    const value = options[field];
    if (value === undefined || isValidName(value)) return value;
    throw invalid(`${at}: ${field} must be a method or key name, got ${describe(value)}.`);
  };
  return { softDelete: name("softDelete"), restore: name("restore"), key: name("key") };
}

function findMethods(service: object, models: ReadonlyMap<string, MedusaStyleModel>, label: string): Map<string, ServedModel> {
  const served = new Map<string, ServedModel>();
  const problems: Array<{ model: string; text: string }> = [];
  for (const [model, options] of models) {
    const defaults = medusaMethodNames(model);
    const names: MedusaMethodNames = { softDelete: options.softDelete ?? defaults.softDelete, restore: options.restore ?? defaults.restore };
    const softDelete = methodOf(service, names.softDelete);
    const restore = methodOf(service, names.restore);
    if (softDelete && restore) {
      served.set(model, { softDelete, restore });
      continue;
    }
    const found = softDelete ? `found only ${names.softDelete}()` : restore ? `found only ${names.restore}()` : "found neither";
    problems.push({ model, text: `model "${model}" (looked for ${names.softDelete}() and ${names.restore}(), ${found})` });
  }
  if (problems.length > 0) {
    const offered = [...methodNamesLike(service, "softDelete"), ...methodNamesLike(service, "restore")];
    const fix = problems.map(({ model }) => `${model}: { softDelete: "<method>", restore: "<method>" }`).join(", ");
    throw new LinkSetupError(
      "MISSING_SERVICE",
      `The service given to ${label} lacks methods for ${problems.map((p) => p.text).join("; ")}. ` +
        `It has ${offered.length === 0 ? "no softDelete or restore methods" : quoteAll(offered)}. ` +
        `If the methods are named otherwise, name them in the config: models: { ${fix} }.`,
    );
  }
  return served;
}

// Medusa's contract is method names; each is looked up here, once, so a missing one fails at construction, not mid-cascade.
function methodOf(service: object, name: string): MedusaMethod | undefined {
  const method: unknown = Reflect.get(service, name);
  if (typeof method !== "function") return undefined;
  return { name, call: async (ids, config, sharedContext) => method.call(service, ids, config, sharedContext) };
}

/** modlink's key of each served model by the module's own name for it (`key`, default the same). */
function keyNames(models: ReadonlyMap<string, MedusaStyleModel>, label: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [model, options] of models) {
    const own = options.key ?? modelKey(model);
    const taken = keys.get(own);
    if (taken !== undefined) throw invalid(`${label}: the key "${own}" would stand for both "${taken}" and "${modelKey(model)}"; give each model its own key.`);
    keys.set(own, modelKey(model));
  }
  return keys;
}

function quoteAll(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}

function invalid(message: string): LinkDefinitionError {
  return new LinkDefinitionError("INVALID_DEFINITION", message);
}
