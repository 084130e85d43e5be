import type { KeyedIds, LinkableModuleService } from "@modlink/core";
import type { QueryableModuleService } from "@modlink/query";
import type { Knex } from "knex";

/**
 * What the sample app asks of each of its modules: cascades
 * (`LinkableModuleService`), queries (`QueryableModuleService`, with a
 * `sqlSource` in the app's database) and the app's own needs. Registered once
 * in the container under the module's name, a service serves all of them.
 */
export interface AppModuleService extends LinkableModuleService, QueryableModuleService {
  /** Creates the module's tables if they do not exist. */
  createTables(): Promise<void>;
  /**
   * Locks the live records among `ids` (by linkable key) `for share` until
   * `trx` ends and returns, by key, the ids that name no live record. A
   * delete of a locked record waits for `trx`; one that committed first is
   * seen. Tables are locked in the order the module's own deletes lock them
   * (a product before its variants), so the two never wait in a cycle.
   * @throws Error for a key the module does not have.
   */
  lockLiveRecords(ids: KeyedIds, trx: Knex.Transaction): Promise<KeyedIds>;
}

/** Raised by a module asked about a model or key it does not have. */
export function unknownModel(module: string, what: string, known: readonly string[]): Error {
  return new Error(`Module "${module}" has no ${what}; it has ${known.map((k) => `"${k}"`).join(", ")}.`);
}
