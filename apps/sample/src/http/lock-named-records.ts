import type { KeyedIds, LinkGraph } from "@modlink/core";
import type { Knex } from "knex";
import { type AppContainer, appModuleServices } from "../app-container.js";
import type { AppModuleName } from "../modules/app-modules.js";
import type { NamedRecords } from "./link-body.js";

/**
 * The order in which a transaction of this app locks the rows of each
 * module: a product delete locks product rows (then their variants), then its
 * cascade locks my_custom rows. Link creates take their share locks in the
 * same order, so a create and a delete wait for each other instead of
 * deadlocking. The Record type makes a new module a compile error here.
 */
const ROW_LOCK_RANK: Readonly<Record<AppModuleName, number>> = { product: 0, helloModuleService: 1, brand: 2, inventory: 3 };

function isAppModule(name: string): name is AppModuleName {
  return Object.hasOwn(ROW_LOCK_RANK, name);
}

/**
 * Locks, `for share` in `trx`, the live records that link inputs name, and
 * returns those that are not live as `module.key "id"`. Call it in the
 * transaction of `remoteLink.create` and before it: until `trx` ends no
 * delete can remove a record it found live, and a delete already under way
 * is waited for and then seen, so a link is never created to a record
 * deleted at the same moment. Before, because modlink locks the records'
 * links after the module rows in every route (a delete: the product row,
 * then the links), and one order for all means no deadlock.
 * Modules and keys RemoteLink does not know are left to it: it refuses them
 * with its own codes.
 *
 * @example const missing = await lockNamedRecords(request.scope, remoteLink.graph, namedRecords(bodies), trx)
 */
export async function lockNamedRecords(scope: AppContainer, graph: LinkGraph, named: readonly NamedRecords[], trx: Knex.Transaction): Promise<string[]> {
  const byModule = new Map<AppModuleName, Record<string, readonly string[]>>();
  for (const { module, key, ids } of named) {
    if (!isAppModule(module) || !graph.keysOf(module).includes(key)) continue;
    byModule.set(module, { ...byModule.get(module), [key]: ids });
  }
  const services = appModuleServices(scope);
  const missing: string[] = [];
  for (const [module, ids] of [...byModule].sort(([a], [b]) => ROW_LOCK_RANK[a] - ROW_LOCK_RANK[b])) {
    const notLive: KeyedIds = await services[module].lockLiveRecords(ids, trx);
    for (const [key, keyIds] of Object.entries(notLive)) for (const id of keyIds) missing.push(`${module}.${key} "${id}"`);
  }
  return missing;
}
