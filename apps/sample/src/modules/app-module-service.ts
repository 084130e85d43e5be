import type { LinkableModuleService, QueryableModuleService } from "@modlink/core";
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
  /** Those of `ids` under linkable `key` that name no live record (`db`: run inside a caller's transaction). */
  missingRecords(key: string, ids: readonly string[], db?: Knex): Promise<string[]>;
}

/** Raised by a module asked about a model or key it does not have. */
export function unknownModel(module: string, what: string, known: readonly string[]): Error {
  return new Error(`Module "${module}" has no ${what}; it has ${known.map((k) => `"${k}"`).join(", ")}.`);
}
