import type { ModuleDefinition } from "./define-module";
import type { AnyLinkDefinition, SideName } from "./define-link";
import { LinkDefinitionError } from "./errors";
import { isLinkDefinition } from "./is-link-definition";
import { type LinkTable, linkTableOf } from "./link-table";

/** Where a model's key appears: one side of one link. */
export interface LinkEnd {
  readonly definition: AnyLinkDefinition;
  readonly table: LinkTable;
  readonly side: SideName;
}

/**
 * The validated set of an application's links, indexed for the lookups that
 * input parsing and cascades need. Built once; immutable.
 */
export class LinkGraph {
  readonly definitions: readonly AnyLinkDefinition[];
  readonly #tables = new Map<AnyLinkDefinition, LinkTable>();
  readonly #endsByModule = new Map<string, LinkEnd[]>();
  readonly #keysByModule = new Map<string, readonly string[]>();

  constructor(definitions: readonly AnyLinkDefinition[], modules?: readonly ModuleDefinition[]) {
    if (!Array.isArray(definitions) || definitions.length === 0) {
      throw new LinkDefinitionError("INVALID_DEFINITION", "RemoteLink needs at least one link: new RemoteLink({ links: [defineLink(a, b)], store }).");
    }
    const byTable = new Map<string, AnyLinkDefinition>();
    for (const definition of definitions) {
      assertDefinition(definition);
      if (modules) assertKnownModules(definition, modules);
      const clash = byTable.get(definition.table);
      if (clash === definition) continue;
      if (clash) throw tableClash(clash, definition);
      byTable.set(definition.table, definition);
      assertDistinctFromSiblings(definition, [...byTable.values()]);
      const table = linkTableOf(definition);
      this.#tables.set(definition, table);
      for (const side of ["left", "right"] as const) {
        const module = definition[side].module;
        const ends = this.#endsByModule.get(module) ?? [];
        ends.push({ definition, table, side });
        this.#endsByModule.set(module, ends);
      }
    }
    this.definitions = Object.freeze([...byTable.values()]);
  }

  tableOf(definition: AnyLinkDefinition): LinkTable {
    const table = this.#tables.get(definition);
    if (!table) throw new Error(`internal: ${definition.label} is not part of this graph`);
    return table;
  }

  get tables(): LinkTable[] {
    return [...this.#tables.values()];
  }

  get modules(): string[] {
    return [...this.#endsByModule.keys()];
  }

  hasModule(module: string): boolean {
    return this.#endsByModule.has(module);
  }

  /** Every link end of a module, optionally only those of one key. */
  endsOf(module: string, key?: string): LinkEnd[] {
    const ends = this.#endsByModule.get(module) ?? [];
    return key === undefined ? ends : ends.filter((end) => end.definition[end.side].key === key);
  }

  /** The keys a module's models use in links. Computed once: input parsing asks per input. */
  keysOf(module: string): readonly string[] {
    let keys = this.#keysByModule.get(module);
    if (!keys) {
      keys = Object.freeze([...new Set(this.endsOf(module).map((end) => end.definition[end.side].key as string))]);
      this.#keysByModule.set(module, keys);
    }
    return keys;
  }
}

function assertDefinition(definition: unknown): asserts definition is AnyLinkDefinition {
  if (!isLinkDefinition(definition)) {
    throw new LinkDefinitionError("INVALID_DEFINITION", "Every entry of `links` must be the result of defineLink(left, right, options).");
  }
}

function assertKnownModules(definition: AnyLinkDefinition, modules: readonly ModuleDefinition[]): void {
  for (const side of ["left", "right"] as const) {
    const { module, model } = definition[side];
    const owner = modules.find((m) => m.name === module);
    if (!owner) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `Link ${definition.label} names module "${module}", which is not among the application's modules (${modules.map((m) => m.name).join(", ")}). ` +
          "Add it to `modules` or fix the link.",
        definition.label,
      );
    }
    const models = Object.values(owner.linkable).map((l) => l.model);
    if (!models.includes(model)) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `Link ${definition.label} names model "${model}", which module "${module}" does not declare (it has ${models.join(", ")}).`,
        definition.label,
      );
    }
  }
}

function sameModels(a: AnyLinkDefinition, b: AnyLinkDefinition): boolean {
  return a.left.module === b.left.module && a.left.model === b.left.model && a.right.module === b.right.module && a.right.model === b.right.model;
}

function tableClash(first: AnyLinkDefinition, second: AnyLinkDefinition): LinkDefinitionError {
  if (sameModels(first, second) && first.name === second.name) {
    return new LinkDefinitionError(
      "DUPLICATE_LINK",
      `Link ${second.label} is defined twice. Remove one, or give them distinct \`name\`s if they mean different things.`,
      second.label,
    );
  }
  return new LinkDefinitionError(
    "TABLE_NAME_COLLISION",
    `Links ${first.label} and ${second.label} would both use table "${second.table}". Set database.table on one of them.`,
    second.label,
  );
}

function assertDistinctFromSiblings(definition: AnyLinkDefinition, known: readonly AnyLinkDefinition[]): void {
  const twin = known.find((other) => other !== definition && sameModels(other, definition) && other.name === definition.name);
  if (twin) {
    throw new LinkDefinitionError(
      "DUPLICATE_LINK",
      `Links ${twin.label} and ${definition.label} join the same models without distinct names, so inputs could not tell them apart. Give each a \`name\`.`,
      definition.label,
    );
  }
}
