import type { AnyLinkDefinition } from "./define-link";
import { LinkDirectionError, LinkInputError } from "./errors";
import { validateData } from "./extra-columns";
import { assertId, assertObject, isId } from "./input-guards";
import type { LinkGraph } from "./link-graph";
import type { LinkPair } from "./link-store";
import type { LinkTable } from "./link-table";

/** Keys of a pair input that are not module names. */
const PAIR_FIELDS = ["data", "link"] as const;

/** One side of a pair input as written: module, key and raw value. */
interface WrittenSide {
  readonly module: string;
  readonly key: string;
  readonly value: unknown;
}

/**
 * The last input shape a batch resolved (its modules, keys and link name) and
 * its definition. Batches mostly repeat one shape, and matching a shape
 * against every definition is the costliest step of reading an input.
 */
export interface ShapeMemo {
  last?: { readonly first: WrittenSide; readonly second: WrittenSide; readonly name: string | undefined; readonly definition: AnyLinkDefinition };
}

/** A pair input resolved to its link, ids not yet read. */
export interface ResolvedPair {
  readonly definition: AnyLinkDefinition;
  readonly table: LinkTable;
  readonly left: WrittenSide;
  readonly right: WrittenSide;
  readonly data: Record<string, unknown>;
}

/**
 * Resolves `{ [moduleA]: { [keyA]: v }, [moduleB]: { [keyB]: v }, data?, link? }`
 * to its link definition, enforcing the definition's direction.
 */
export function resolvePair(graph: LinkGraph, input: unknown, method: string, allowData: boolean, memo: ShapeMemo = {}): ResolvedPair {
  const object = assertObject(input, `${method}() input`);
  const modules = Object.keys(object).filter((key) => !(PAIR_FIELDS as readonly string[]).includes(key));
  if (modules.length !== 2) {
    throw new LinkInputError(
      "INVALID_INPUT",
      `${method}() input names ${modules.length} module(s) (${modules.join(", ") || "none"}); ` +
        `a link joins exactly two, e.g. { product: { product_id: "prod_1" }, brand: { brand_id: "brand_1" } }.`,
      input,
    );
  }
  const [first, second] = modules.map((module) => readSide(graph, module, object[module], method)) as [WrittenSide, WrittenSide];
  const name = object.link;
  if (name !== undefined && typeof name !== "string") {
    throw new LinkInputError("INVALID_INPUT", `${method}(): \`link\` must be the name of a link, got ${typeof name}.`, input);
  }
  const last = memo.last;
  const definition =
    last !== undefined && last.name === name && sameSide(last.first, first) && sameSide(last.second, second)
      ? last.definition
      : knownMatch(graph, first, second, name, method, object);
  memo.last = { first, second, name, definition };
  if (!allowData && object.data !== undefined) {
    throw new LinkInputError("INVALID_INPUT", `${method}() does not take \`data\`; only create and replace do.`, input);
  }
  return {
    definition,
    table: graph.tableOf(definition),
    left: first,
    right: second,
    data: validateData(definition.label, definition.extraColumns, object.data),
  };
}

function readSide(graph: LinkGraph, module: string, value: unknown, method: string): WrittenSide {
  if (!graph.hasModule(module)) {
    throw new LinkInputError("UNKNOWN_MODULE", `${method}(): no link involves module "${module}". Linked modules are: ${graph.modules.join(", ")}.`, module);
  }
  const keys = Object.keys(assertObject(value, `${method}(): the value of "${module}"`));
  const known = graph.keysOf(module);
  if (keys.length !== 1) {
    throw new LinkInputError("INVALID_INPUT", `${method}(): "${module}" must hold exactly one key (one of ${known.join(", ")}), got ${keys.length}.`, value);
  }
  const key = keys[0] as string;
  if (!known.includes(key)) {
    throw new LinkInputError("UNKNOWN_KEY", `${method}(): module "${module}" has no linked key "${key}". Its linked keys are: ${known.join(", ")}.`, key);
  }
  return { module, key, value: (value as Record<string, unknown>)[key] };
}

function sameSide(a: WrittenSide, b: WrittenSide): boolean {
  return a.module === b.module && a.key === b.key;
}

function joins(definition: AnyLinkDefinition, left: WrittenSide, right: WrittenSide): boolean {
  return (
    definition.left.module === left.module && definition.left.key === left.key && definition.right.module === right.module && definition.right.key === right.key
  );
}

/**
 * Shapes each graph has matched, by modules, keys and link name: calls of
 * one process repeat a few shapes, so each is matched against every
 * definition once. Only matches are kept, whose names are real link names,
 * so the map never grows past the shapes the graph's links allow.
 */
const matches = new WeakMap<LinkGraph, Map<string, AnyLinkDefinition>>();

function knownMatch(
  graph: LinkGraph,
  first: WrittenSide,
  second: WrittenSide,
  name: string | undefined,
  method: string,
  input: Record<string, unknown>,
): AnyLinkDefinition {
  let byShape = matches.get(graph);
  if (!byShape) matches.set(graph, (byShape = new Map()));
  // Module names, keys and link names are identifiers or link names: none holds a NUL.
  const shape = `${first.module}\0${first.key}\0${second.module}\0${second.key}\0${name === undefined ? "" : `=${name}`}`;
  let definition = byShape.get(shape);
  if (!definition) byShape.set(shape, (definition = matchDefinition(graph, first, second, name, method, input)));
  return definition;
}

function matchDefinition(
  graph: LinkGraph,
  first: WrittenSide,
  second: WrittenSide,
  name: string | undefined,
  method: string,
  input: Record<string, unknown>,
): AnyLinkDefinition {
  // Without `link`, the unnamed definition is the default among same-model links.
  const named = (d: AnyLinkDefinition) => (name === undefined ? true : d.name === name);
  const forward = graph.definitions.filter((d) => joins(d, first, second));
  const matching = forward.filter(named);
  const unnamed = matching.filter((d) => d.name === undefined);
  const candidates = name === undefined && unnamed.length === 1 ? unnamed : matching;
  if (candidates.length === 1) return candidates[0] as AnyLinkDefinition;
  if (candidates.length > 1) {
    throw new LinkInputError(
      "AMBIGUOUS_LINK",
      `${method}(): several links join ${first.module}.${first.key} and ${second.module}.${second.key} ` +
        `(${candidates.map((d) => d.name ?? "unnamed").join(", ")}). Add \`link: "<name>"\` to the input.`,
      input,
    );
  }
  const reverse = graph.definitions.filter((d) => joins(d, second, first) && named(d));
  if (reverse.length > 0 && forward.length === 0) {
    const definition = reverse[0] as AnyLinkDefinition;
    const expected: Record<string, unknown> = { [second.module]: input[second.module], [first.module]: input[first.module] };
    for (const field of PAIR_FIELDS) if (input[field] !== undefined) expected[field] = input[field];
    throw new LinkDirectionError(definition.label, expected);
  }
  const what = name === undefined ? "no link" : `no link named "${name}"`;
  throw new LinkInputError(
    "UNKNOWN_LINK",
    `${method}(): ${what} joins ${first.module}.${first.key} and ${second.module}.${second.key}. ` +
      `Defined links: ${graph.definitions.map((d) => d.label).join("; ")}.`,
    input,
  );
}

/** A pair input with single ids on both sides. */
export function readPair(pair: ResolvedPair, method: string): LinkPair {
  return { left: readSideId(pair.left, method), right: readSideId(pair.right, method) };
}

/** The one id a side of a pair input holds. */
export function readSideId(side: WrittenSide, method: string): string {
  const value = side.value;
  if (isId(value)) return value;
  if (Array.isArray(value)) {
    throw new LinkInputError("INVALID_ID", `${method}(): ${side.module}.${side.key} must be one id; to link several records pass an array of inputs.`, value);
  }
  return assertId(value, `${method}(): ${side.module}.${side.key}`);
}
