import type { CascadeContext, KeyedIds, LinkableModuleService } from "@modlink/core";

/** A model of a record module: its linkable key and, optionally, records it owns. */
interface ModelSpec {
  readonly key: string;
}

interface RecordState {
  deleted: boolean;
}

/** Where to make a module service throw, to test compensation. */
export interface InjectedFault {
  readonly operation: "delete" | "restore";
  /** Throw on this call of that operation (1 = the first). */
  readonly onCall: number;
}

/**
 * A small module that really keeps records (in memory) and implements the
 * cascade contract, including records removed internally: deleting a parent
 * deletes the children registered with `own`.
 */
export class RecordModule implements LinkableModuleService {
  readonly name: string;
  readonly calls: Array<{ operation: "delete" | "restore"; model: string; ids: string[]; transaction: unknown }> = [];
  readonly #models: Record<string, ModelSpec>;
  readonly #records = new Map<string, Map<string, RecordState>>();
  readonly #children = new Map<string, Array<{ model: string; id: string }>>();
  #fault: InjectedFault | undefined;

  constructor(name: string, models: Record<string, ModelSpec>) {
    this.name = name;
    this.#models = models;
    for (const model of Object.keys(models)) this.#records.set(model, new Map());
  }

  /** Creates live records. */
  seed(model: string, ids: readonly string[]): void {
    for (const id of ids) this.#table(model).set(id, { deleted: false });
  }

  /** Declares that deleting `parent` removes `children` too (as a product removes its variants). */
  own(model: string, parent: string, childModel: string, children: readonly string[]): void {
    this.seed(childModel, children);
    this.#children.set(
      `${model}:${parent}`,
      children.map((id) => ({ model: childModel, id })),
    );
  }

  isDeleted(model: string, id: string): boolean {
    return this.#table(model).get(id)?.deleted ?? false;
  }

  /** Soft-deletes records directly, as the module's own API would. */
  markDeleted(model: string, ids: readonly string[], deleted = true): void {
    for (const id of ids) {
      const record = this.#table(model).get(id);
      if (record) record.deleted = deleted;
    }
  }

  injectFault(fault: InjectedFault | undefined): void {
    this.#fault = fault;
  }

  async softDeleteRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    return this.#apply("delete", model, ids, context);
  }

  async restoreRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    return this.#apply("restore", model, ids, context);
  }

  #apply(operation: "delete" | "restore", model: string, ids: readonly string[], context: CascadeContext): KeyedIds {
    this.calls.push({ operation, model, ids: [...ids], transaction: context.transaction });
    const count = this.calls.filter((c) => c.operation === operation).length;
    if (this.#fault && this.#fault.operation === operation && this.#fault.onCall === count) {
      throw new Error(`injected ${operation} fault in ${this.name}`);
    }
    const out: Record<string, string[]> = {};
    const visit = (m: string, id: string) => {
      const record = this.#table(m).get(id);
      if (!record || record.deleted === (operation === "delete")) return;
      record.deleted = operation === "delete";
      (out[this.#key(m)] ??= []).push(id);
      for (const child of this.#children.get(`${m}:${id}`) ?? []) visit(child.model, child.id);
    };
    for (const id of ids) visit(model, id);
    return out;
  }

  #key(model: string): string {
    const spec = this.#models[model];
    if (!spec) throw new Error(`module ${this.name} has no model ${model}`);
    return spec.key;
  }

  #table(model: string): Map<string, RecordState> {
    const table = this.#records.get(model);
    if (!table) throw new Error(`module ${this.name} has no model ${model}`);
    return table;
  }
}

/** A fresh set of the fixture application's modules. */
export function makeRecordModules() {
  return {
    product: new RecordModule("product", { product: { key: "product_id" }, product_variant: { key: "product_variant_id" } }),
    brand: new RecordModule("brand", { brand: { key: "brand_id" } }),
    helloModuleService: new RecordModule("helloModuleService", { my_custom: { key: "my_custom_id" } }),
    tag: new RecordModule("tag", { tag: { key: "tag_id" } }),
    inventory: new RecordModule("inventory", { inventory_item: { key: "inventory_item_id" } }),
    notes: new RecordModule("notes", { note: { key: "note_id" } }),
    files: new RecordModule("files", { attachment: { key: "attachment_id" } }),
  };
}

export type RecordModules = ReturnType<typeof makeRecordModules>;
