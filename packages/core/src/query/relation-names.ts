import { toSnakeCase } from "../naming";

/**
 * English plural of a snake_case model name, by the common rules only:
 * `brand` -> `brands`, `category` -> `categories`, `box` -> `boxes`. Irregular
 * words get their name through `relationNames`.
 */
export function pluralize(name: string): string {
  const parts = name.split("_");
  const last = parts.pop() as string;
  const plural = /(s|x|z|ch|sh)$/.test(last) ? `${last}es` : /[^aeiou]y$/.test(last) ? `${last.slice(0, -1)}ies` : `${last}s`;
  return [...parts, plural].join("_");
}

/**
 * The name under which a record shows the records a relation leads to: the
 * target model, plural when the relation is a list, prefixed with the link's
 * own `name` when it has one (`main_brand`). Depends only on the definition,
 * so the same link always gives the same name and the same shape.
 *
 * @example relationName({ model: "my_custom", isList: true }) // "my_customs"
 */
export function relationName(target: { readonly model: string; readonly isList: boolean; readonly linkName: string | undefined }): string {
  const base = target.isList ? pluralize(target.model) : target.model;
  return target.linkName === undefined ? base : `${toSnakeCase(target.linkName)}_${base}`;
}
