/**
 * `@modlink/core/store`: what store authors and packages that build on core
 * need beyond an application's API (naming, ids, input checks), apart from
 * the main entry so an application's imports stay the app's. The store
 * contract's types are repeated here for convenience.
 *
 * @example
 * import { type LinkStore, newLinkId, shortenIdentifier } from "@modlink/core/store";
 */
export { MAX_IDENTIFIER_BYTES, isValidIdentifier, isValidName, modelKey, shortenIdentifier, stableHash, toCamelCase, toSnakeCase } from "./naming";
export { newLinkId } from "./link-id";
export { describe } from "./extra-columns";
export { isPlainObject } from "./input-guards";
export { listOf, optionsProblem } from "./option-names";
export { isStorableText } from "./storable-text";
export { maskPassword } from "./mask-password";
export type * from "./link-store";
export type { RecordTable } from "./sql-soft-delete";
export type { ChangeRead, PruneChanges, PrunedChanges, StoredChange } from "./change-feed";
