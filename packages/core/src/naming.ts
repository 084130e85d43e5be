/**
 * Names: the one place that turns module and model names into keys, property
 * names and SQL identifiers, so every package agrees on them.
 */

/** PostgreSQL truncates identifiers longer than this many bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * Table names starting with this are modlink's own (the knex sync's tracking
 * tables, and any it adds later); a link table may not take one.
 *
 * @example `${RESERVED_TABLE_PREFIX}migrations` // "modlink_migrations"
 */
export const RESERVED_TABLE_PREFIX = "modlink_";

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** `productVariant` and `product_variant` both give `product_variant`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** `product_variant` gives `productVariant`. */
export function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A module or model name: letters, digits and underscores, starting with a letter. */
export function isValidName(name: unknown): name is string {
  return typeof name === "string" && NAME.test(name) && name.length <= 60;
}

/** A lower-case SQL identifier that needs no quoting and fits PostgreSQL's limit. */
export function isValidIdentifier(name: unknown): name is string {
  return typeof name === "string" && IDENTIFIER.test(name) && byteLength(name) <= MAX_IDENTIFIER_BYTES;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * FNV-1a over the UTF-8 bytes, as 8 hex digits: stable across runtimes and
 * versions, which a shortened table name must be forever.
 */
export function stableHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * Fits a generated identifier into PostgreSQL's 63 bytes. Short names stay
 * readable; long ones keep a readable head and end in a hash of the full name.
 *
 * @example shortenIdentifier("link_product_product_brand_brand") // unchanged
 */
export function shortenIdentifier(name: string): string {
  if (byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  const suffix = `_${stableHash(name)}`;
  return name.slice(0, MAX_IDENTIFIER_BYTES - suffix.length).replace(/_+$/, "") + suffix;
}

/** The record key of a model: `product_variant` -> `product_variant_id`. */
export function modelKey(model: string): string {
  return `${toSnakeCase(model)}_id`;
}
