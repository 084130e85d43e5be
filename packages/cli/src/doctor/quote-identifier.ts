/**
 * Quotes any identifier from the config (module tables may use capitals or
 * other characters link tables never do).
 *
 * @example quoteIdentifier('my"table') // '"my""table"'
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"`. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}
