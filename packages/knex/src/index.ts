export { KnexLinkStore, type KnexLinkStoreConfig } from "./knex-link-store";
export { createKnex } from "./create-knex";
export { openLinkStore, type OpenLinkStoreOptions } from "./open-link-store";
export { parseConnectionUrl, maskPassword, type ConnectionTarget } from "./connection-url";
export {
  syncLinkTables,
  RefusalModes,
  type RefusalMode,
  type SyncOptions,
  type SyncPlan,
  type SyncStep,
} from "./sync-link-tables";
export { SyncStepKinds, SyncPermissions, type SyncStepKind, type SyncPermission } from "./plan-sync";
