import type { AnyLinkDefinition, LinkStore, Linkable, LinkableModuleService } from "@modlink/core";

/** What a module hands `moduleServiceSuite`: its service, one model of it, and a back door to that model's records. */
export interface ModuleServiceHarness {
  readonly service: LinkableModuleService;
  /** The model under test (`Module.linkable.brand`): its module, model name and key. */
  readonly linkable: Linkable;
  /** Creates `count` live records of the model and returns their ids. */
  seed(count: number): Promise<string[]>;
  /** Whether the record is soft-deleted now, read behind the service's back. */
  isDeleted(id: string): Promise<boolean>;
  /**
   * Required when the service declares `writeMode: "joins-transaction"`:
   * opens the kind of transaction a link store hands cascades (a knex
   * transaction for SQL stores), passes it to `work`, commits when `work`
   * resolves and rolls back when it throws (rethrowing).
   */
  inTransaction?<T>(work: (transaction: unknown) => Promise<T>): Promise<T>;
  /**
   * A link store with tables synced for `links`, for a cascade into the
   * model through `RemoteLink`. When the service declares `sqlSoftDelete`,
   * the store's `capabilities.sqlDatabase` must be the declared database:
   * the suite checks that the cascade steps it runs as SQL do what the
   * service itself does. The suite closes it.
   */
  linkStore(links: readonly AnyLinkDefinition[]): Promise<LinkStore>;
  /** Releases what the harness opened. */
  close(): Promise<void>;
}

export interface ModuleServiceSuiteOptions {
  /** Shown in test names, e.g. "brand on PGlite". */
  readonly name: string;
  /** Called once per suite. */
  makeService(): Promise<ModuleServiceHarness>;
}
