import type { CascadeContext, KeyedIds, LinkableModuleService } from "@modlink/core";

/** What happens at the chosen call, before the real service runs (throwing here is the fault). */
export type FaultAction = (context: CascadeContext, call: { readonly module: string; readonly operation: "delete" | "restore" }) => Promise<void>;

interface Armed {
  readonly operation: "delete" | "restore";
  /** 1 = the first call of that operation, counted across every module. */
  readonly onCall: number;
  readonly action: FaultAction;
}

/**
 * Wraps module services so that a fault can be placed at any position of a
 * cascade. Calls are numbered across modules; compensation calls (made
 * outside the transaction, after a failure) are not counted, so positions
 * stay those of the cascade itself.
 */
export class FaultPoints {
  readonly #services: (module: string) => LinkableModuleService | undefined;
  readonly #counts = { delete: 0, restore: 0 };
  /** Module of every counted call, in order, per operation. */
  readonly seen: { delete: string[]; restore: string[] } = { delete: [], restore: [] };
  #armed: Armed | undefined;
  /** Where the armed fault fired, if it did. */
  fired: { readonly module: string; readonly onCall: number } | undefined;

  constructor(services: (module: string) => LinkableModuleService | undefined) {
    this.#services = services;
  }

  arm(fault: Armed | undefined): void {
    this.#armed = fault;
    this.fired = undefined;
    this.#counts.delete = 0;
    this.#counts.restore = 0;
    this.seen.delete = [];
    this.seen.restore = [];
  }

  /** The lookup to hand RemoteLink as `services`. */
  readonly lookup = (module: string): LinkableModuleService | undefined => {
    const service = this.#services(module);
    if (!service) return undefined;
    return {
      // The wrapped service's write mode decides how its work is undone; a wrapper must not change it.
      ...(service.writeMode === undefined ? {} : { writeMode: service.writeMode }),
      softDeleteRecords: (model, ids, context) => this.#call(module, "delete", context, () => service.softDeleteRecords(model, ids, context)),
      restoreRecords: (model, ids, context) => this.#call(module, "restore", context, () => service.restoreRecords(model, ids, context)),
    };
  };

  async #call(module: string, operation: "delete" | "restore", context: CascadeContext, real: () => Promise<KeyedIds>): Promise<KeyedIds> {
    if (context.transaction !== undefined) {
      const position = ++this.#counts[operation];
      this.seen[operation].push(module);
      const armed = this.#armed;
      if (armed && armed.operation === operation && armed.onCall === position) {
        this.fired = { module, onCall: position };
        await armed.action(context, { module, operation });
      }
    }
    return real();
  }
}

/** The fault every store supports: the module service throws. */
export const throwFault: FaultAction = async (_context, call) => {
  throw new Error(`injected ${call.operation} fault in ${call.module}`);
};
