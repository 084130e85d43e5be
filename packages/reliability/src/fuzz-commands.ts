import type { AnyLinkDefinition, ExtraColumn, ExtraColumns } from "@modlink/core";
import fc from "fast-check";
import type { LinkSet } from "./link-sets";

/** The RemoteLink methods a fuzz sequence calls. */
export const CommandKinds = ["create", "dismiss", "replace", "delete", "restore", "list"] as const;
export type CommandKind = (typeof CommandKinds)[number];

/** One call, with its input exactly as a user would write it. */
export type Command =
  | { readonly kind: "create" | "dismiss" | "replace"; readonly inputs: readonly Record<string, unknown>[] }
  | { readonly kind: "delete" | "restore"; readonly input: Record<string, unknown> }
  | { readonly kind: "list"; readonly input: Record<string, unknown>; readonly withDeleted: boolean };

const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 6 }).filter((s) => !s.includes("\u0000")),
  fc.constantFrom("it's", 'say "hi"', "a;b", "$1 ? ??", "ü🙂"),
);

/**
 * Values every store must hold faithfully. Edge values that stores are
 * known to treat differently today (NUL in JSON, years before 1000, bigints
 * past int64, loose date strings, non-finite numbers) are not drawn here:
 * data-fidelity.test.ts pins each down separately, so one known gap does
 * not mask every other divergence.
 */
function valueOf(column: ExtraColumn): fc.Arbitrary<unknown> {
  const values: Record<ExtraColumn["type"], fc.Arbitrary<unknown>> = {
    text,
    integer: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    bigint: fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String), fc.maxSafeInteger()),
    float: fc.double({ noNaN: true, noDefaultInfinity: true }),
    boolean: fc.boolean(),
    json: fc.jsonValue({ maxDepth: 2 }),
    timestamp: fc.date({ min: new Date("1000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
  };
  const value = values[column.type];
  return column.nullable ? fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }) : value;
}

function dataOf(columns: ExtraColumns): fc.Arbitrary<Record<string, unknown> | undefined> {
  const entries = Object.entries(columns);
  if (entries.length === 0) return fc.constant(undefined);
  const record = fc.record(Object.fromEntries(entries.map(([name, column]) => [name, valueOf(column)])), { requiredKeys: [] });
  return fc.option(record, { nil: undefined, freq: 2 });
}

function idOf(set: LinkSet, module: string, key: string): fc.Arbitrary<string> {
  return fc.constantFrom(...(set.pools[module]?.[key] ?? []));
}

function idsOf(set: LinkSet, module: string, key: string, minLength: number): fc.Arbitrary<string[]> {
  const pool = [...(set.pools[module]?.[key] ?? [])];
  return fc.subarray(pool, { minLength, maxLength: Math.min(3, pool.length) });
}

function pairInput(link: AnyLinkDefinition, left: unknown, right: unknown, data?: Record<string, unknown>): Record<string, unknown> {
  return {
    [link.left.module]: { [link.left.key]: left },
    [link.right.module]: { [link.right.key]: right },
    ...(link.name === undefined ? {} : { link: link.name }),
    ...(data === undefined ? {} : { data }),
  };
}

function pair(set: LinkSet, withData: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .constantFrom(...set.links)
    .chain((link) =>
      fc
        .tuple(
          idOf(set, link.left.module, link.left.key),
          idOf(set, link.right.module, link.right.key),
          withData ? dataOf(link.extraColumns) : fc.constant(undefined),
        )
        .map(([left, right, data]) => pairInput(link, left, right, data)),
    );
}

/** One record (a single id) and the complete new set of its partners (an array, maybe empty). */
function replacement(set: LinkSet): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(fc.constantFrom(...set.links), fc.boolean())
    .chain(([link, anchorLeft]) =>
      fc
        .tuple(
          anchorLeft ? idOf(set, link.left.module, link.left.key) : idsOf(set, link.left.module, link.left.key, 0),
          anchorLeft ? idsOf(set, link.right.module, link.right.key, 0) : idOf(set, link.right.module, link.right.key),
          dataOf(link.extraColumns),
        )
        .map(([left, right, data]) => pairInput(link, left, right, data)),
    );
}

const sides = (set: LinkSet) => set.links.flatMap((link) => [link.left, link.right]);

/** Delete/restore input: one or two modules, one key each, one to three ids. */
function records(set: LinkSet): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .uniqueArray(fc.constantFrom(...sides(set)), { minLength: 1, maxLength: 2, selector: (side) => side.module })
    .chain((chosen) => fc.tuple(...chosen.map((side) => idsOf(set, side.module, side.key, 1).map((ids) => [side, ids.length === 1 ? ids[0] : ids] as const))))
    .map((entries) => Object.fromEntries(entries.map(([side, ids]) => [side.module, { [side.key]: ids }])));
}

/** List input: a record's links across tables, or the links between two modules, by one side's ids or none. */
function listing(set: LinkSet): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(fc.constantFrom(...set.links), fc.constantFrom("left", "right"), fc.boolean(), fc.boolean()).chain(([link, by, bothModules, withIds]) => {
    const given = link[by];
    const other = link[by === "left" ? "right" : "left"];
    return idsOf(set, given.module, given.key, 1).map((ids) => ({
      [given.module]: withIds ? { [given.key]: ids } : {},
      ...(bothModules ? { [other.module]: {} } : {}),
      ...(bothModules && link.name !== undefined ? { link: link.name } : {}),
    }));
  });
}

const weights: Record<CommandKind, number> = { create: 7, dismiss: 3, replace: 3, delete: 3, restore: 3, list: 2 };

/** One command of the given kinds (default: all), weighted towards writes. */
export function command(set: LinkSet, kinds: readonly CommandKind[] = CommandKinds): fc.Arbitrary<Command> {
  const batch = (arb: fc.Arbitrary<Record<string, unknown>>) => fc.array(arb, { minLength: 1, maxLength: 3 });
  const byKind: Record<CommandKind, () => fc.Arbitrary<Command>> = {
    create: () => batch(pair(set, true)).map((inputs): Command => ({ kind: "create", inputs })),
    dismiss: () => batch(pair(set, false)).map((inputs): Command => ({ kind: "dismiss", inputs })),
    replace: () => fc.array(replacement(set), { minLength: 1, maxLength: 2 }).map((inputs): Command => ({ kind: "replace", inputs })),
    delete: () => records(set).map((input): Command => ({ kind: "delete", input })),
    restore: () => records(set).map((input): Command => ({ kind: "restore", input })),
    list: () => fc.tuple(listing(set), fc.boolean()).map(([input, withDeleted]): Command => ({ kind: "list", input, withDeleted })),
  };
  return fc.oneof(...kinds.map((kind) => ({ weight: weights[kind], arbitrary: byKind[kind]() })));
}

/** A random sequence of commands over one link set. */
export function commandSequence(set: LinkSet, maxLength = 20): fc.Arbitrary<Command[]> {
  return fc.array(command(set), { minLength: 1, maxLength });
}
