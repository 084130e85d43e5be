import { type AnyLinkDefinition, CascadeModes } from "./define-link";

/**
 * Whether a value is a link definition as `defineLink` makes it. Checked by
 * shape, not by `instanceof` or a symbol, so a definition made by another copy
 * of `@modlink/core` (its CommonJS build, a plugin's own install) counts too.
 *
 * @example
 * const found = Object.values(await import("./links/product-brand.js")).filter(isLinkDefinition)
 */
export function isLinkDefinition(value: unknown): value is AnyLinkDefinition {
  if (!isObject(value)) return false;
  const { label, table, idPrefix, left, right, extraColumns } = value;
  return typeof label === "string" && typeof table === "string" && typeof idPrefix === "string" && isSide(left) && isSide(right) && isObject(extraColumns);
}

function isSide(value: unknown): boolean {
  if (!isObject(value)) return false;
  const { module, model, key, column, isList, cascade } = value;
  return (
    isObject(value.linkable) &&
    typeof module === "string" &&
    typeof model === "string" &&
    typeof key === "string" &&
    typeof column === "string" &&
    typeof isList === "boolean" &&
    (CascadeModes as readonly unknown[]).includes(cascade)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
