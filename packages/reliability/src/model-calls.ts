import type { AnyLinkDefinition } from "@modlink/core";
import fc from "fast-check";
import type { ModelCall } from "./link-model";
import type { ServiceFaults } from "./table-services";
import { cascadeLinks } from "./worker-calls";

/** Record ids of the cascade world by key: few, so that calls collide. */
export const cascadeIds: Readonly<Record<string, readonly string[]>> = {
  product_id: ["p1", "p2", "p3"],
  brand_id: ["b1", "b2"],
  my_custom_id: ["c1", "c2"],
  tag_id: ["t1", "t2"],
  note_id: ["n1", "n2"],
};

/** Modules a delete or restore starts from, one module per call. */
const rootKeys = [
  { module: "brand", key: "brand_id" },
  { module: "product", key: "product_id" },
  { module: "helloModuleService", key: "my_custom_id" },
  { module: "notes", key: "note_id" },
  { module: "tag", key: "tag_id" },
] as const;

const idsOf = (key: string) => [...(cascadeIds[key] ?? [])];

const pair = fc
  .constantFrom(...cascadeLinks)
  .chain((link: AnyLinkDefinition) =>
    fc.record({ link: fc.constant(link), left: fc.constantFrom(...idsOf(link.left.key)), right: fc.constantFrom(...idsOf(link.right.key)) }),
  );

const roots = fc
  .constantFrom(...rootKeys)
  .chain(({ module, key }) => fc.record({ module: fc.constant(module), key: fc.constant(key), ids: fc.subarray(idsOf(key), { minLength: 1, maxLength: 2 }) }));

/** Which faults calls may carry: none, throws at a module call, and delays that only widen race windows. */
export interface FaultMenu {
  readonly throws: boolean;
  readonly delays: boolean;
}

function faultsOf(operation: "delete" | "restore", menu: FaultMenu): fc.Arbitrary<ServiceFaults | undefined> {
  const throwAt = menu.throws
    ? fc.option(fc.record({ operation: fc.constant(operation), call: fc.constantFrom(1, 1, 2, 3) }), { nil: undefined, freq: 2 })
    : fc.constant(undefined);
  const delay = menu.delays
    ? fc.option(
        fc.record({
          ms: fc.constantFrom(5, 20, 50),
          via: fc.constantFrom("pg_sleep" as const, "timer" as const),
          when: fc.constantFrom("before" as const, "after" as const),
        }),
        { nil: undefined, freq: 2 },
      )
    : fc.constant(undefined);
  return fc
    .record({ throwAt, delay })
    .map(({ throwAt, delay }) => (throwAt || delay ? { ...(throwAt ? { throwAt } : {}), ...(delay ? { delay } : {}) } : undefined));
}

export const CallKinds = ["create", "dismiss", "delete", "restore"] as const;
export type CallKind = (typeof CallKinds)[number];

/** One call of the given kinds over the cascade world; a delete's label is set by `labelDeletions`. */
export function modelCall(kinds: readonly CallKind[], menu: FaultMenu): fc.Arbitrary<ModelCall> {
  return fc.constantFrom(...kinds).chain((kind): fc.Arbitrary<ModelCall> => {
    switch (kind) {
      case "create":
        return fc.array(pair, { minLength: 1, maxLength: 3 }).map((pairs) => ({ kind, pairs }));
      case "dismiss":
        return pair.map((one) => ({ kind, pairs: [one] }));
      case "delete":
        return fc.record({ roots, faults: faultsOf("delete", menu) }).map(({ roots, faults }) => ({ kind, roots, deletion: "", faults }));
      case "restore":
        return fc.record({ roots, faults: faultsOf("restore", menu) }).map(({ roots, faults }) => ({ kind, roots, faults }));
    }
  });
}

/** Gives each delete its label: `${prefix}${index}`. */
export function labelDeletions(calls: readonly ModelCall[], prefix: string): ModelCall[] {
  return calls.map((call, i) => (call.kind === "delete" ? { ...call, deletion: `${prefix}${i}` } : call));
}
