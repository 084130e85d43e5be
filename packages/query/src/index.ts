export { LinkQuery } from "./link-query";
export type { LinkQueryConfig } from "./link-query";
export { LINK_ENTITY_MODULE } from "./link-entities";
export type { LinkRecordsReader } from "./link-entities";
export type { GraphOptions } from "./graph-options";
export { RecordNotFoundError } from "./record-not-found";
export { DEFAULT_QUERY_LIMITS } from "./query-limits";
export type { QueryLimits } from "./query-limits";
export { defineReadOnlyLink } from "./read-only-link";
export type { ReadOnlyLink, ReadOnlyLinkEnd, ReadOnlyTargetInput } from "./read-only-link";
export { ConditionOperators, SortDirections } from "./queryable-module";
export type {
  ConditionOperator,
  FieldCondition,
  OrderTerm,
  QueryCapabilities,
  QueryableModel,
  QueryableModuleService,
  RecordCallOptions,
  RecordPage,
  RecordQuery,
  SortDirection,
} from "./queryable-module";
export type {
  FilterOperators,
  FilterScalar,
  GraphContext,
  GraphFilters,
  GraphPagination,
  GraphQuery,
  GraphRecord,
  GraphResult,
  OrderInput,
  RelationPagination,
} from "./query-input";
export type { RelationNames } from "./query-schema";
export { matchesConditions } from "./match-conditions";
export { MAX_FILTER_LIST_VALUES } from "./parse-filters";
export { sortRecords } from "./compare-values";
export { pluralize, relationName } from "./relation-names";
export { listRecordsInMemory } from "./list-in-memory";
export type { InMemoryOptions } from "./list-in-memory";
export { joinReaderOf } from "./join-reader";
export type {
  ColumnCondition,
  HopRead,
  HopRow,
  JoinColumn,
  JoinFilter,
  JoinReader,
  JoinReadingStore,
  JoinSortKey,
  JoinStep,
  JoinTable,
  JoinedPage,
  PageRead,
} from "./join-reader";
export type { SqlSource, SqlTableSource } from "./sql-source";
