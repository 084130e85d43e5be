import { toCamelCase, toSnakeCase } from "./naming";

/** The two methods a Medusa module service offers for one model. */
export interface MedusaMethodNames {
  readonly softDelete: string;
  readonly restore: string;
}

/**
 * The names Medusa gives a model's soft delete and restore: `softDelete` and
 * `restore` followed by the PascalCase model name in the plural, by the
 * regular English rules. Irregular plurals are named in `models` instead.
 *
 * @example
 * medusaMethodNames("product_variant") // { softDelete: "softDeleteProductVariants", restore: "restoreProductVariants" }
 * medusaMethodNames("category").restore // "restoreCategories"
 */
export function medusaMethodNames(model: string): MedusaMethodNames {
  const camel = toCamelCase(toSnakeCase(model));
  const plural = pluralise(camel.charAt(0).toUpperCase() + camel.slice(1));
  return { softDelete: `softDelete${plural}`, restore: `restore${plural}` };
}

/**
 * The regular plural: `Product` -> `Products`, `Address` -> `Addresses`,
 * `Box` -> `Boxes`, `Category` -> `Categories`, `Survey` -> `Surveys`.
 */
export function pluralise(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/**
 * The names of the functions `service` has (its own and its classes') that
 * start with `prefix`, for error messages that show what the service offers.
 */
export function methodNamesLike(service: object, prefix: string): string[] {
  const names = new Set<string>();
  for (let level: object | null = service; level !== null && level !== Object.prototype; level = Object.getPrototypeOf(level)) {
    for (const name of Object.getOwnPropertyNames(level)) {
      if (name.startsWith(prefix) && typeof Reflect.get(service, name) === "function") names.add(name);
    }
  }
  return [...names].sort();
}
