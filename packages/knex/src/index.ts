export { KnexLinkStore, type KnexLinkStoreConfig } from "./knex-link-store";
export { createKnex } from "./driver/create-knex";
export { checkConnection } from "./driver/check-connection";
export { openLinkStore, type OpenLinkStoreOptions } from "./open-link-store";
export { parseConnectionUrl, maskPassword, type ConnectionTarget } from "./driver/connection-url";
export { syncLinkTables, RefusalModes, type RefusalMode, type SyncOptions, type SyncPlan, type SyncStep } from "./introspection/sync-link-tables";
export { SyncStepKinds, SyncPermissions, type SyncStepKind, type SyncPermission } from "./introspection/plan-sync";
/** For tools (the CLI's doctor): catalog reads, and quoting of names from the catalog or a config. */
export { tableColumns, tableHoldsRows, tablesNamedWith } from "./introspection/catalog-reads";
export { escapeIdentifier, escapedQualifiedName } from "./sql/sql-names";
export { listTableRecords, type TableRecordsSource } from "./sql/list-table-records";
export { linkTableRecords } from "./sql/link-table-records";
export { knexTableModule, type KnexTableModel, type KnexTableModule, type KnexTableModuleConfig } from "./modules/knex-table-module";
export { CHANGE_FEED_TABLES } from "./sql/change-feed-sql";
