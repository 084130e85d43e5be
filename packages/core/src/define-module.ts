import { LinkDefinitionError } from "./errors";
import { isValidName, modelKey, toCamelCase, toSnakeCase } from "./naming";

/** One model of a module as it takes part in links. */
export interface Linkable<Module extends string = string, Model extends string = string, Key extends string = string> {
  readonly module: Module;
  readonly model: Model;
  /** The name of the id in link inputs: `{model_snake_name}_id`. */
  readonly key: Key;
  /** The model's own id field in its module. */
  readonly primaryKey: string;
}

/** A model given to `defineModule`: its name, or its name and primary key. */
export type ModelInput = string | { readonly name: string; readonly primaryKey?: string };

type ModelName<M extends ModelInput> = M extends string ? M : M extends { name: infer N extends string } ? N : never;

type SnakeCase<S extends string> = S extends `${infer H}${infer T}` ? (H extends Lowercase<H> ? `${H}${SnakeCase<T>}` : `_${Lowercase<H>}${SnakeCase<T>}`) : S;

type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

type Uncap<S extends string> = S extends `_${infer T}` ? T : S;

/** `productVariant` | `product_variant` -> `product_variant_id`, at the type level. */
export type KeyOf<Model extends string> = `${Uncap<SnakeCase<Model>>}_id`;

export interface ModuleDefinition<Name extends string = string, Models extends ModelInput = ModelInput> {
  readonly name: Name;
  /** One linkable per model, under the model's camelCase name. */
  readonly linkable: {
    readonly [M in Models as CamelCase<Uncap<SnakeCase<ModelName<M>>>>]: Linkable<Name, Uncap<SnakeCase<ModelName<M>>>, KeyOf<ModelName<M>>>;
  };
}

/**
 * Describes a module and the models it lets other modules link to.
 *
 * @example
 * const Product = defineModule("product", { models: ["product", "product_variant"] })
 * Product.linkable.productVariant.key // "product_variant_id"
 */
export function defineModule<const Name extends string, const Models extends ModelInput>(
  name: Name,
  config: { readonly models: readonly Models[] },
): ModuleDefinition<Name, Models> {
  if (!isValidName(name)) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `Module name ${JSON.stringify(name)} is not usable: ` +
        `use letters, digits and underscores, starting with a letter (e.g. "product" or "helloModuleService").`,
    );
  }
  if (!config || !Array.isArray(config.models) || config.models.length === 0) {
    throw new LinkDefinitionError("INVALID_DEFINITION", `Module "${name}" needs at least one model: defineModule("${name}", { models: ["${name}"] }).`);
  }
  const linkable: Record<string, Linkable> = {};
  for (const model of config.models) {
    const modelName = typeof model === "string" ? model : model?.name;
    const primaryKey = typeof model === "string" ? "id" : (model?.primaryKey ?? "id");
    if (!isValidName(modelName) || !isValidName(primaryKey)) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `Module "${name}" has an unusable model ${JSON.stringify(model)}: a model is a name like "product_variant", or { name, primaryKey }.`,
      );
    }
    const snake = toSnakeCase(modelName);
    const property = toCamelCase(snake);
    if (property in linkable) {
      throw new LinkDefinitionError("INVALID_DEFINITION", `Module "${name}" lists model "${snake}" twice.`);
    }
    linkable[property] = Object.freeze({ module: name, model: snake, key: modelKey(snake), primaryKey });
  }
  return Object.freeze({ name, linkable: Object.freeze(linkable) }) as ModuleDefinition<Name, Models>;
}
