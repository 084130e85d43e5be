import { LinkDefinitionError } from "./errors";
import { isValidName, toCamelCase, toSnakeCase } from "./naming";

/** One model of a module as it takes part in links. */
export interface Linkable<Module extends string = string, Model extends string = string, Key extends string = string> {
  readonly module: Module;
  readonly model: Model;
  /** The name of the id in link inputs: `{model_snake_name}_{primaryKey}` (Medusa's rule), `product_id` for most models. */
  readonly key: Key;
  /** The field of the model's records that links hold: its primary key, or the field a `fields` linkable names. */
  readonly primaryKey: string;
}

/** What a model declares beyond its name. */
export interface ModelSpec {
  /** The model's own id field in its module; default `"id"`. The key is `<model>_<primaryKey>`: `currency_code`. */
  readonly primaryKey?: string;
  /**
   * Other fields links may join the model on, each a linkable of its own
   * under `linkable.<model>.<field>` with key `<model>_<field>`
   * (`Product.linkable.product.handle`, key `product_handle`).
   */
  readonly fields?: readonly string[];
}

/** A model given to `defineModule` in a list: its name, or its name and `ModelSpec`. */
export type ModelInput = string | ({ readonly name: string } & ModelSpec);

type ModelName<M extends ModelInput> = M extends string ? M : M extends { name: infer N extends string } ? N : never;

type PrimaryKeyOf<M> = M extends { primaryKey: infer P extends string } ? P : "id";

type FieldsOf<M> = M extends { fields: readonly (infer F extends string)[] } ? F : never;

type SnakeCase<S extends string> = S extends `${infer H}${infer T}` ? (H extends Lowercase<H> ? `${H}${SnakeCase<T>}` : `_${Lowercase<H>}${SnakeCase<T>}`) : S;

type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

type Uncap<S extends string> = S extends `_${infer T}` ? T : S;

/** `productVariant` | `product_variant` -> `product_variant_id`, at the type level; with a primary key `code`, `product_variant_code`. */
export type KeyOf<Model extends string, Field extends string = "id"> = `${Uncap<SnakeCase<Model>>}_${Field}`;

/** A model's linkable: itself on its primary key, and `.<field>` for its primary key and each declared field. */
export type ModelLinkable<Name extends string, Model extends string, PrimaryKey extends string, Fields extends string> = Linkable<
  Name,
  Uncap<SnakeCase<Model>>,
  KeyOf<Model, PrimaryKey>
> & { readonly [F in PrimaryKey | Fields]: Linkable<Name, Uncap<SnakeCase<Model>>, KeyOf<Model, F>> };

export interface ModuleDefinition<Name extends string = string, Models extends ModelInput = ModelInput> {
  readonly name: Name;
  /** One linkable per model, under the model's camelCase name. */
  readonly linkable: {
    readonly [M in Models as CamelCase<Uncap<SnakeCase<ModelName<M>>>>]: ModelLinkable<Name, ModelName<M>, PrimaryKeyOf<M>, FieldsOf<M>>;
  };
}

/** Models given as an object (`{ currency: { primaryKey: "code" } }`) as the list form's entries. */
type ModelsOfMap<Map extends Record<string, ModelSpec>> = { [K in keyof Map & string]: { readonly name: K } & Map[K] }[keyof Map & string];

/** Names a model's field linkable cannot take: they are the linkable's own properties. */
const LINKABLE_PROPERTIES: ReadonlySet<string> = new Set(["module", "model", "key", "primaryKey"]);

/**
 * Describes a module and the models it lets other modules link to.
 *
 * @example
 * const Product = defineModule("product", { models: ["product", "product_variant"] })
 * Product.linkable.productVariant.key // "product_variant_id"
 * @example
 * const Pricing = defineModule("pricing", { models: { currency: { primaryKey: "code" } } })
 * Pricing.linkable.currency.key // "currency_code"
 * @example
 * const Catalog = defineModule("catalog", { models: [{ name: "product", fields: ["handle"] }] })
 * Catalog.linkable.product.handle.key // "product_handle": a link on the product's handle
 */
export function defineModule<const Name extends string, const Models extends ModelInput>(
  name: Name,
  config: { readonly models: readonly Models[] },
): ModuleDefinition<Name, Models>;
export function defineModule<const Name extends string, const Map extends Record<string, ModelSpec>>(
  name: Name,
  config: { readonly models: Map },
): ModuleDefinition<Name, ModelsOfMap<Map>>;
export function defineModule(name: string, config: { readonly models: unknown }): ModuleDefinition {
  if (!isValidName(name)) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `Module name ${JSON.stringify(name)} is not usable: ` +
        `use letters, digits and underscores, starting with a letter (e.g. "product" or "helloModuleService").`,
    );
  }
  const models = modelEntries(name, config?.models);
  const linkable: Record<string, Linkable> = {};
  for (const model of models) {
    const snake = toSnakeCase(model.name);
    const property = toCamelCase(snake);
    if (property in linkable) {
      throw new LinkDefinitionError("INVALID_DEFINITION", `Module "${name}" lists model "${snake}" twice.`);
    }
    linkable[property] = modelLinkable(name, snake, model);
  }
  return Object.freeze({ name, linkable: Object.freeze(linkable) }) as ModuleDefinition;
}

/** The models of either form, each checked: a name, a primary key and fields that are names. */
function modelEntries(module: string, models: unknown): { name: string; primaryKey: string; fields: readonly string[] }[] {
  const given: unknown[] = Array.isArray(models)
    ? models
    : typeof models === "object" && models !== null
      ? Object.entries(models).map(([model, spec]) => (typeof spec === "object" && spec !== null ? { ...spec, name: model } : { name: model, spec }))
      : [];
  if (given.length === 0) {
    throw new LinkDefinitionError(
      "INVALID_DEFINITION",
      `Module "${module}" needs at least one model: defineModule("${module}", { models: ["${module}"] }) ` +
        `or { models: { ${module}: { primaryKey: "id" } } }.`,
    );
  }
  return given.map((model) => {
    const entry = typeof model === "string" ? { name: model } : ((model ?? {}) as Record<string, unknown>);
    const primaryKey = entry.primaryKey ?? "id";
    const fields = entry.fields ?? [];
    const unknown = Object.keys(entry).filter((key) => !["name", "primaryKey", "fields"].includes(key));
    const fieldsOk = Array.isArray(fields) && fields.every((field) => isValidName(field) && !LINKABLE_PROPERTIES.has(field));
    if (!isValidName(entry.name) || !isValidName(primaryKey) || LINKABLE_PROPERTIES.has(primaryKey) || !fieldsOk || unknown.length > 0) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `Module "${module}" has an unusable model ${JSON.stringify(model)}: a model is a name like "product_variant", ` +
          `or { name, primaryKey?, fields? } with names of letters, digits and underscores (fields other than module, model, key and primaryKey).`,
      );
    }
    return { name: entry.name, primaryKey, fields: fields as string[] };
  });
}

/** Marks the linkables of `fields`, which hold a field's values rather than the records' ids. */
const FIELD_LINKABLES = new WeakSet<object>();

/** A `linkable.<model>.<field>` for a declared field (not the primary key): cascades cannot reach its records by id. */
export function isFieldLinkable(linkable: Linkable): boolean {
  return FIELD_LINKABLES.has(linkable);
}

/** The model's linkable on its primary key, with `.<field>` linkables (not enumerated: the linkable stays a plain value). */
function modelLinkable(module: string, model: string, spec: { primaryKey: string; fields: readonly string[] }): Linkable {
  const own: Linkable = { module, model, key: `${model}_${spec.primaryKey}`, primaryKey: spec.primaryKey };
  for (const field of new Set([spec.primaryKey, ...spec.fields])) {
    let value = own;
    if (field !== spec.primaryKey) {
      value = Object.freeze({ module, model, key: `${model}_${field}`, primaryKey: field });
      FIELD_LINKABLES.add(value);
    }
    Object.defineProperty(own, field, { value, enumerable: false });
  }
  return Object.freeze(own);
}
