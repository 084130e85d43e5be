import type { ModuleDefinition } from "./define-module";
import { LinkSetupError } from "./errors";
import { describe } from "./extra-columns";
import { isPlainObject } from "./input-guards";
import { medusaMethodNames } from "./medusa-method-names";
import { type MedusaMethod, type MedusaStylePlan, type MedusaStyleServiceConfig, type ServedModel, planMedusaStyleService } from "./medusa-style-config";
import type { CascadeContext, KeyedIds, LinkableModuleService, ModuleWriteMode } from "./module-service";

export type { MedusaStyleModel, MedusaStyleModels, MedusaStyleServiceConfig } from "./medusa-style-config";

/**
 * The third argument of every call, Medusa's `sharedContext`: holds the link
 * store's transaction as `transactionManager` when the adapter declares
 * `writeMode: "joins-transaction"`, and nothing otherwise.
 *
 * @example
 * async softDeleteNotes(ids: string[], config = {}, { transactionManager }: MedusaSharedContext = {}) {
 *   const trx = (transactionManager as Knex.Transaction | undefined) ?? knex
 *   return { note_id: await trx("note").whereIn("id", ids).whereNull("deleted_at").update({ deleted_at: new Date() }).returning("id") }
 * }
 */
export interface MedusaSharedContext {
  readonly transactionManager?: unknown;
}

/**
 * Adapts a module service written the Medusa way (`softDeleteProducts(ids,
 * { returnLinkableKeys })`, `restoreProducts(...)`, per model) to the
 * `LinkableModuleService` that cascades call, without changing the module.
 *
 * - `softDeleteRecords("product_variant", ids)` calls
 *   `softDeleteProductVariants(ids, { returnLinkableKeys }, sharedContext)`:
 *   `softDelete`/`restore` and the PascalCase model in the regular plural
 *   (`s`, `es`, `ies`); name other methods in `models`.
 * - `returnLinkableKeys` is the key of every model served (as the module
 *   names it, see `MedusaStyleModel.key`), so records the module removes
 *   internally (a product's variants) are reported and the cascade continues
 *   from them. Returned ids are reported under modlink's keys; keys of no
 *   served model are left out, and a method that returns nothing reports nothing.
 * - With `writeMode: "joins-transaction"` the third argument is
 *   `{ transactionManager: <the link store's transaction> }` (a knex
 *   transaction with `KnexLinkStore`), for a module that writes through it.
 *   A `"separate"` module (the default) gets `{}` and commits on its own, as
 *   Medusa's modules do when no transaction is handed to them.
 *
 * Everything is checked here, once: a model whose methods the service lacks
 * is `MISSING_SERVICE` naming the model and the methods looked for.
 *
 * @example
 * const Product = defineModule("product", { models: ["product", "product_variant"] })
 * const product = fromMedusaStyleService(productModuleService, {
 *   module: Product,
 *   models: { product_variant: { softDelete: "softDeleteVariants", restore: "restoreVariants", key: "variant_id" } },
 * })
 * new RemoteLink({ links, store, services: { product } })
 */
export function fromMedusaStyleService<const Module extends ModuleDefinition>(
  service: object,
  config: MedusaStyleServiceConfig<Module>,
): LinkableModuleService {
  return new MedusaStyleService(planMedusaStyleService(service, config));
}

/** The adapter: holds the checked plan and translates each call. */
class MedusaStyleService implements LinkableModuleService {
  readonly writeMode: ModuleWriteMode;
  readonly #plan: MedusaStylePlan;

  constructor(plan: MedusaStylePlan) {
    this.#plan = Object.freeze(plan);
    this.writeMode = plan.writeMode;
  }

  async softDeleteRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    return this.#call(this.#served(model, "soft-delete").softDelete, ids, context);
  }

  async restoreRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    return this.#call(this.#served(model, "restore").restore, ids, context);
  }

  #served(model: string, operation: "soft-delete" | "restore"): ServedModel {
    const served = this.#plan.served.get(model);
    if (served) return served;
    const names = medusaMethodNames(model);
    throw new LinkSetupError(
      "MISSING_SERVICE",
      `${this.#plan.label} serves ${[...this.#plan.served.keys()].map((m) => `"${m}"`).join(", ")}, ` +
        `but was asked to ${operation} "${model}" records. Add it to the config's models: { ${model}: {} } ` +
        `(with softDelete and restore when its methods are not ${names.softDelete} and ${names.restore}).`,
    );
  }

  async #call(method: MedusaMethod, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    if (ids.length === 0) return {};
    // A "separate" module must not write in the link store's transaction: the rollback and the compensation would both undo it.
    const sharedContext: MedusaSharedContext = this.writeMode === "joins-transaction" ? { transactionManager: context.transaction } : {};
    const result = await method.call([...ids], { returnLinkableKeys: [...this.#plan.keys.keys()] }, sharedContext);
    return toKeyedIds(result, method.name, this.#plan);
  }
}

/** The method's result under modlink's keys: nothing reports nothing; keys modlink does not know are dropped. */
function toKeyedIds(result: unknown, method: string, plan: MedusaStylePlan): KeyedIds {
  if (result === undefined) return {};
  const wrong = (what: string) =>
    new LinkSetupError(
      "MISSING_SERVICE",
      `${method}() returned ${what}; ${plan.label} needs nothing or ids by linkable key from it, ` +
        `e.g. { ${[...plan.keys.keys()][0] ?? "product_id"}: ["id_1"] }.`,
    );
  if (!isPlainObject(result)) throw wrong(describe(result));
  const keyed: Record<string, string[]> = {};
  for (const [name, ids] of Object.entries(result)) {
    if (ids === undefined) continue;
    if (!Array.isArray(ids)) throw wrong(`${describe(ids)} under "${name}"`);
    const bad = ids.findIndex((id) => typeof id !== "string");
    if (bad >= 0) throw wrong(`${describe(ids[bad])} among the ids under "${name}"`);
    const key = plan.keys.get(name);
    if (key !== undefined) keyed[key] = [...ids];
  }
  return keyed;
}
