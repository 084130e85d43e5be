export { MemoryLinkStore } from "./memory-link-store";
export type { MemoryLinkStoreConfig } from "./memory-link-store";
