import type { CascadeContext, KeyedIds, LinkableModuleService } from "@modlink/core";
import type { Knex } from "knex";
import { type RecordTable, qualified } from "./record-tables";

export const CascadeOperations = ["delete", "restore"] as const;
export type CascadeOperation = (typeof CascadeOperations)[number];

/**
 * Faults of one RemoteLink call, as plain data so a parent process can send
 * them to a child. Delays only widen race windows; no assertion may depend
 * on them.
 */
export interface ServiceFaults {
  /** Every service call waits this long, before or after its write: in the database (`pg_sleep`, holding the transaction open) or in Node. */
  readonly delay?: { readonly ms: number; readonly via: "pg_sleep" | "timer"; readonly when: "before" | "after" };
  /** Throw at this call of `operation` (1 = the first), counted across modules; compensation calls are not counted. */
  readonly throwAt?: { readonly operation: CascadeOperation; readonly call: number };
}

/** The name the tests' link stores give their database, which modules repeat in `sqlSoftDelete`. */
export const RECORD_DATABASE = "reliability";

export interface TableServicesOptions {
  readonly schema: string;
  readonly tables: readonly RecordTable[];
  /** Modules that commit on their own pool (writeMode "separate"); every other module joins the link store's transaction. */
  readonly separate?: { readonly modules: readonly string[]; readonly knex: Knex };
  readonly faults?: ServiceFaults;
  /**
   * Modules joining the transaction also describe their soft delete in
   * `sqlSoftDelete` for this database: a store of that name then runs their
   * cascade steps in its own statements, without calling them (and their
   * faults never fire there).
   */
  readonly sqlDatabase?: string;
}

/**
 * Module services whose records live in real tables of the test schema.
 * Modules declared `"joins-transaction"` write only through
 * `context.transaction`; `"separate"` ones through their own pool. Soft
 * deletes stamp `context.deletionId` and return only the ids they changed;
 * restores bring back only records deleted under `context.deletionId`.
 * One instance per RemoteLink call: it counts that call's service calls for
 * `throwAt` and remembers every deletion id it was handed.
 *
 * @example
 * const services = new TableServices({ schema, tables, faults: { throwAt: { operation: "restore", call: 2 } } })
 * await new RemoteLink({ links, store, services: services.lookup }).restore(roots) // CASCADE_FAILED
 */
export class TableServices {
  /** Every `context.deletionId` a call of this instance saw. */
  readonly deletionIds = new Set<string>();
  /** Set when `throwAt` fired. */
  fired: { readonly module: string; readonly operation: CascadeOperation } | undefined;
  readonly #options: TableServicesOptions;
  readonly #counts = { delete: 0, restore: 0 };
  #transaction: unknown;
  readonly #services = new Map<string, LinkableModuleService>();

  constructor(options: TableServicesOptions) {
    this.#options = options;
    for (const module of new Set(options.tables.map((table) => table.module))) this.#services.set(module, this.#serviceOf(module));
  }

  /** The lookup to hand RemoteLink as `services`. */
  readonly lookup = (module: string): LinkableModuleService | undefined => this.#services.get(module);

  #serviceOf(module: string): LinkableModuleService {
    const separate = this.#options.separate?.modules.includes(module) === true;
    const run = (operation: CascadeOperation) => (model: string, ids: readonly string[], context: CascadeContext) =>
      this.#call(module, model, operation, ids, context, separate ? (this.#options.separate as { knex: Knex }).knex : joinedTransaction(module, context));
    const database = this.#options.sqlDatabase;
    const tables = this.#options.tables.filter((table) => table.module === module);
    return {
      writeMode: separate ? "separate" : "joins-transaction",
      softDeleteRecords: run("delete"),
      restoreRecords: run("restore"),
      sqlSoftDelete:
        separate || database === undefined
          ? undefined
          : {
              database,
              schema: this.#options.schema,
              tables: Object.fromEntries(tables.map((table) => [table.model, { table: table.name, deletionId: "deletion_id" }])),
            },
    };
  }

  async #call(
    module: string,
    model: string,
    operation: CascadeOperation,
    ids: readonly string[],
    context: CascadeContext,
    db: Knex | Knex.Transaction,
  ): Promise<KeyedIds> {
    const table = this.#options.tables.find((candidate) => candidate.module === module && candidate.model === model);
    if (!table) throw new Error(`test setup: module ${module} has no record table for model ${model}`);
    this.deletionIds.add(context.deletionId);
    // Compensation runs after the rollback, outside any transaction: not a position of the cascade.
    if (context.transaction !== undefined) {
      // A store that runs the unit again after a deadlock hands a new transaction: positions count per attempt.
      if (context.transaction !== this.#transaction) {
        this.#transaction = context.transaction;
        this.#counts.delete = 0;
        this.#counts.restore = 0;
      }
      const position = ++this.#counts[operation];
      const throwAt = this.#options.faults?.throwAt;
      if (throwAt?.operation === operation && throwAt.call === position) {
        this.fired = { module, operation };
        throw new Error(`injected ${operation} fault at call ${position} (${module}.${model})`);
      }
    }
    const delay = this.#options.faults?.delay;
    if (delay?.when === "before") await pause(db, delay);
    const target = qualified(this.#options.schema, table);
    const result =
      operation === "delete"
        ? await db.raw(`update ${target} set "deleted_at" = now(), "deletion_id" = ? where "id" = any(?::text[]) and "deleted_at" is null returning "id"`, [
            context.deletionId,
            [...ids],
          ])
        : await db.raw(`update ${target} set "deleted_at" = null, "deletion_id" = null where "id" = any(?::text[]) and "deletion_id" = ? returning "id"`, [
            [...ids],
            context.deletionId,
          ]);
    if (delay?.when === "after") await pause(db, delay);
    return { [table.key]: (result.rows as { id: string }[]).map((row) => row.id) };
  }
}

function joinedTransaction(module: string, context: CascadeContext): Knex.Transaction {
  const trx: unknown = context.transaction;
  if (typeof trx !== "function" || (trx as { isTransaction?: unknown }).isTransaction !== true) {
    throw new Error(`module ${module} joins the link store's transaction, but the cascade handed it ${String(trx)}`);
  }
  return context.transaction as Knex.Transaction;
}

async function pause(db: Knex | Knex.Transaction, delay: NonNullable<ServiceFaults["delay"]>): Promise<void> {
  if (delay.via === "pg_sleep") await db.raw(`select pg_sleep(?)`, [delay.ms / 1000]);
  else await new Promise((resolve) => setTimeout(resolve, delay.ms));
}
