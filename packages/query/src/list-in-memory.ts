import { sortRecords } from "./compare-values";
import { matchesConditions } from "./match-conditions";
import { readOptions } from "./option-names";
import type { RecordPage, RecordQuery } from "./queryable-module";

export interface InMemoryOptions {
  /** Default `"id"`. */
  readonly primaryKey?: string;
  /** The field that marks a record soft-deleted when not null. Default `"deleted_at"`. */
  readonly deletedAtField?: string;
}

/**
 * Answers a `RecordQuery` over rows held in memory: the executable meaning of
 * `listRecords`, for modules without a database and for tests.
 *
 * @example
 * const brandQuery: QueryableModuleService = {
 *   models: { brand: { fields: ["id", "name", "deleted_at"] } },
 *   listRecords: async (model, query) => listRecordsInMemory(brands, query),
 * }
 */
export function listRecordsInMemory<R extends Readonly<Record<string, unknown>>>(
  rows: readonly R[],
  query: RecordQuery,
  options: InMemoryOptions = {},
): RecordPage {
  readOptions(options, "listRecordsInMemory()'s options", ["primaryKey", "deletedAtField"]);
  const primaryKey = options.primaryKey ?? "id";
  const deletedAt = options.deletedAtField ?? "deleted_at";
  const ids = query.ids && new Set(query.ids);
  const matching = rows.filter(
    (row) =>
      (query.withDeleted || row[deletedAt] === null || row[deletedAt] === undefined) &&
      (!ids || ids.has(String(row[primaryKey]))) &&
      matchesConditions(row, query.conditions),
  );
  const skip = query.skip ?? 0;
  const page = sortRecords(matching, query.order).slice(skip, query.take === undefined ? undefined : skip + query.take);
  return { rows: page.map((row) => ({ ...row })), count: matching.length };
}
