import type { AnyLinkDefinition } from "./define-link";
import { LinkInputError } from "./errors";
import { assertObject, readIds } from "./input-guards";
import type { LinkEnd, LinkGraph } from "./link-graph";
import type { LinkFilter } from "./link-store";
import type { LinkTable } from "./link-table";

/** Records of one model, by the key links know it by. */
export interface RecordSet {
  readonly module: string;
  readonly key: string;
  readonly ids: readonly string[];
}

interface WrittenKey {
  readonly module: string;
  readonly key: string | undefined;
  readonly ids: string[] | undefined;
}

function readModuleKeys(graph: LinkGraph, module: string, value: unknown, method: string, requireIds: boolean): WrittenKey[] {
  if (!graph.hasModule(module)) {
    throw new LinkInputError("UNKNOWN_MODULE", `${method}(): no link involves module "${module}". Linked modules are: ${graph.modules.join(", ")}.`, module);
  }
  const entries = Object.entries(assertObject(value, `${method}(): the value of "${module}"`)).filter(([, ids]) => ids !== undefined || requireIds);
  const known = graph.keysOf(module);
  if (entries.length === 0) {
    if (requireIds) {
      throw new LinkInputError("INVALID_INPUT", `${method}(): "${module}" names no records; give ids under one of ${known.join(", ")}.`, value);
    }
    return [{ module, key: undefined, ids: undefined }];
  }
  return entries.map(([key, ids]) => {
    if (!known.includes(key)) {
      throw new LinkInputError("UNKNOWN_KEY", `${method}(): module "${module}" has no linked key "${key}". Its linked keys are: ${known.join(", ")}.`, key);
    }
    return { module, key, ids: readIds(ids, `${method}(): ${module}.${key}`) };
  });
}

function moduleNames(object: Record<string, unknown>, method: string, input: unknown, max: number): string[] {
  const modules = Object.keys(object).filter((key) => key !== "link");
  if (modules.length === 0 || modules.length > max) {
    throw new LinkInputError(
      "INVALID_INPUT",
      `${method}() input names ${modules.length} module(s); it takes ${max === 2 ? "one or two" : "at least one"}, e.g. { product: { product_id: "prod_1" } }.`,
      input,
    );
  }
  return modules;
}

/**
 * Reads `delete`/`restore` input: `{ [module]: { [key]: id | id[] } }`, one or
 * more modules, one or more keys each.
 */
export function readRecords(graph: LinkGraph, input: unknown, method: string): RecordSet[] {
  const object = assertObject(input, `${method}() input`);
  if ("link" in object) {
    throw new LinkInputError("INVALID_INPUT", `${method}() cascades over every link of the records; it takes no \`link\`.`, input);
  }
  return moduleNames(object, method, input, Infinity).flatMap((module) =>
    readModuleKeys(graph, module, object[module], method, true).map((k) => ({ module, key: k.key as string, ids: k.ids as string[] })),
  );
}

/** One link table to list and the rows wanted from it. */
export interface ListSelection {
  readonly definition: AnyLinkDefinition;
  readonly table: LinkTable;
  readonly filter: LinkFilter;
}

function endMatches(end: LinkEnd, written: WrittenKey): boolean {
  return end.definition[end.side].module === written.module && (written.key === undefined || end.definition[end.side].key === written.key);
}

/** Reads `list` input into the link tables to read and a filter for each. */
export function readListSelections(graph: LinkGraph, input: unknown, withDeleted: boolean): ListSelection[] {
  const object = assertObject(input, "list() input");
  const name = object.link;
  if (name !== undefined && typeof name !== "string") {
    throw new LinkInputError("INVALID_INPUT", "list(): `link` must be the name of a link.", input);
  }
  const written = moduleNames(object, "list", input, 2).map((module) => {
    const keys = readModuleKeys(graph, module, object[module], "list", false);
    if (keys.length > 1) {
      throw new LinkInputError("INVALID_INPUT", `list(): give at most one key for "${module}" per input; pass an array of inputs for more.`, input);
    }
    return keys[0] as WrittenKey;
  });
  const [first, second] = written as [WrittenKey, WrittenKey | undefined];
  const selections = graph
    .endsOf(first.module)
    .filter((end) => endMatches(end, first))
    .filter((end) => name === undefined || end.definition.name === name)
    .filter((end) => {
      if (!second) return true;
      const other = end.side === "left" ? "right" : "left";
      return endMatches({ ...end, side: other }, second);
    })
    .map((end) => {
      const other = end.side === "left" ? "right" : "left";
      const filter: { left?: string[]; right?: string[]; withDeleted: boolean } = { withDeleted };
      if (first.ids) filter[end.side] = first.ids;
      if (second?.ids) filter[other] = second.ids;
      return { definition: end.definition, table: end.table, filter };
    });
  if (selections.length === 0) {
    const what = second ? `${first.module} and ${second.module}` : first.module;
    throw new LinkInputError(
      "UNKNOWN_LINK",
      `list(): no link${name === undefined ? "" : ` named "${name}"`} matches ${what}. Defined links: ${graph.definitions.map((d) => d.label).join("; ")}.`,
      input,
    );
  }
  return selections;
}
