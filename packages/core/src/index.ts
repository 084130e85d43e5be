export { defineModule } from "./define-module";
export type { Linkable, ModelInput, ModelLinkable, ModelSpec, ModuleDefinition, KeyOf } from "./define-module";
export { defineLink, CascadeModes, SideNames, otherSide } from "./define-link";
export type { AnyLinkDefinition, CascadeMode, DeleteCascadeOption, LinkDefinition, LinkOptions, LinkSide, LinkSideInput, SideName } from "./define-link";
export { isLinkDefinition } from "./is-link-definition";
export { loadLinks } from "./load-links";
export type { LinkFolder } from "./load-links";
export { ExtraColumnTypes, RESERVED_COLUMNS, validateData } from "./extra-columns";
export type { AnyExtraColumn, ExtraColumn, ExtraColumnType, ExtraColumnValue, ExtraColumns, ExtraData } from "./extra-columns";
export {
  CardinalityError,
  CascadeError,
  LinkDefinitionError,
  LinkDirectionError,
  LinkError,
  LinkErrorCodes,
  LinkInputError,
  LinkLoadError,
  LinkSetupError,
  LinkStoreError,
  QueryCostError,
} from "./errors";
export type { LinkErrorCode } from "./errors";
export { ContainerRegistrationKeys } from "./registration-keys";
export type { ContainerRegistrationKey } from "./registration-keys";
export { LinkGraph } from "./link-graph";
export type { LinkEnd } from "./link-graph";
export { linkTableOf, sideOf } from "./link-table";
export type { LinkTable, LinkTableSide } from "./link-table";
// Store authors' helpers (ids, naming, input checks) are in `@modlink/core/store`, with these types again.
export type {
  DeletionStamp,
  LinkFilter,
  LinkPair,
  LinkStore,
  LinkStoreCapabilities,
  LinkStoreTransaction,
  LinksAndRecordsDeleted,
  LinksAndRecordsRestored,
  NewLink,
  RecordIds,
  RestoreTarget,
  RestoredLink,
  RestoredLinks,
  RevivedRecord,
  SoftDeleteOptions,
  SoftDeleted,
  StoredLink,
  TransactionOptions,
  WriteOutcome,
  WrittenLink,
} from "./link-store";
export { RESERVED_TABLE_PREFIX } from "./naming";
export { RemoteLink } from "./remote-link";
export { CREATE_SLICE, STREAM_SLICE } from "./input-slices";
export type { RemoteLinkConfig } from "./remote-link";
export type { CallOptions, ListOptions, ReturnLinksOption } from "./call-options";
export { MAX_LIST_SKIP, MAX_LIST_TAKE } from "./call-options";
export type { CreatedLink, DismissedLink, LinkRowOf } from "./written-links";
export type { CreateInput, DismissInput, Ids, KeysOf, LinkNamesOf, ListInput, ModulesOf, RecordsInput, ReplaceInput } from "./link-input";
export type { LinkAsDefinition, LinkRow } from "./format-link";
export { ModuleWriteModes } from "./module-service";
export type { CascadeContext, KeyedIds, LinkableModuleService, ModuleServices, ModuleWriteMode } from "./module-service";
export { fromMedusaStyleService } from "./medusa-style-service";
export type { MedusaSharedContext, MedusaStyleModel, MedusaStyleModels, MedusaStyleServiceConfig } from "./medusa-style-service";
export type { DeleteResult, RestoreResult } from "./cascade-result";
export type { RecordTable, SqlSoftDelete, SqlSoftDeleteTable } from "./sql-soft-delete";
export { ChangeOperations, MAX_CHANGES_PER_READ } from "./change-feed";
export type { ChangeOperation, ChangeRead, StoredChange } from "./change-feed";
export { DEFAULT_CHANGES_PER_READ } from "./read-changes";
export type { ChangesOptions, ChangesPage, LinkChange } from "./read-changes";
export type { PruneChanges, PrunedChanges } from "./change-feed";
export { LinkEventNames, linkEntityName, linkEventsOf } from "./link-events";
export type { EventBus, LinkEventMessage } from "./link-events";
export { FeedRelay } from "./feed-relay";
export type { ChangeSource, FeedRelayConfig } from "./feed-relay";
