export { type LinkStoreGroup, linkStoreGroups, linkStoreSuite } from "./link-store-suite";
export { useSuiteContext } from "./suite-context";
export { hostTransactionSuite } from "./host-transaction-suite";
export type { HostTransactionHarness, HostTransactionSuiteOptions } from "./host-transaction-suite";
export type { LinkStoreHarness, LinkStoreSuiteOptions, RawRow, SuiteContext } from "./suite-context";
export { RecordModule, makeRecordModules } from "./record-module";
export type { InjectedFault, RecordModules } from "./record-module";
export { conformanceLinks, conformanceModules } from "./fixtures";
