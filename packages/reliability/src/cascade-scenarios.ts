import { type RecordModules, makeRecordModules } from "@modlink/conformance";
import type { UntypedRemoteLink } from "./untyped-remote-link";

/** Input builders for the conformance links, so scenarios read as data. */
const pb = (product: string, brand: string) => ({ product: { product_id: product }, brand: { brand_id: brand } });
const pc = (product: string, custom: string) => ({ product: { product_id: product }, helloModuleService: { my_custom_id: custom } });
const pt = (product: string, tag: string) => ({ product: { product_id: product }, tag: { tag_id: tag } });
const cn = (custom: string, note: string) => ({ helloModuleService: { my_custom_id: custom }, notes: { note_id: note } });
const nc = (note: string, custom: string) => ({ notes: { note_id: note }, helloModuleService: { my_custom_id: custom }, link: "back" });
const na = (note: string, attachment: string) => ({ notes: { note_id: note }, files: { attachment_id: attachment } });
const vi = (variant: string, item: string) => ({ product: { product_variant_id: variant }, inventory: { inventory_item_id: item } });
const bt = (brand: string, tag: string) => ({ brand: { brand_id: brand }, tag: { tag_id: tag }, link: "brand_tags" });

/** Records of the fixture modules a scenario uses: [module, model, ids]. */
type Seeds = readonly (readonly [keyof RecordModules, string, readonly string[]])[];

/** A linked world and the records whose deletion cascades through it. */
export interface CascadeScenario {
  readonly name: string;
  /** Delete (and restore) input. */
  readonly roots: Record<string, unknown>;
  readonly seeds: Seeds;
  /** Children a module removes with their parent: [module, model, parent, child model, children]. */
  readonly owned: readonly (readonly [keyof RecordModules, string, string, string, readonly string[]])[];
  readonly links: readonly Record<string, unknown>[];
}

/**
 * Cascades of every kind over the conformance links: one-to-many, records a
 * module removes internally (variants), orphans-only (inventory, tags), a
 * three-level chain (custom -> note -> attachment) and a cycle back to custom.
 */
export const cascadeScenarios: readonly CascadeScenario[] = [
  {
    name: "brand -> products, variants, orphan items and tags, customs, notes, attachments",
    roots: { brand: { brand_id: "b1" } },
    seeds: [
      ["product", "product", ["p1", "p2"]],
      ["inventory", "inventory_item", ["i1", "i2"]],
      ["helloModuleService", "my_custom", ["c1", "c2"]],
      ["notes", "note", ["n1"]],
      ["files", "attachment", ["a1"]],
      ["tag", "tag", ["t1", "t2"]],
    ],
    owned: [["product", "product", "p1", "product_variant", ["v1", "v2"]]],
    // i1 is left without live links (orphan: deleted); i2 keeps v3 (kept).
    links: [
      pb("p1", "b1"),
      pb("p2", "b1"),
      vi("v1", "i1"),
      vi("v2", "i1"),
      vi("v3", "i2"),
      pc("p1", "c1"),
      pc("p2", "c2"),
      cn("c1", "n1"),
      nc("n1", "c1"),
      na("n1", "a1"),
      bt("b1", "t1"),
      bt("b1", "t2"),
      bt("b9", "t2"),
      pt("p1", "t2"),
    ],
  },
  {
    name: "product -> custom -> note -> attachment",
    roots: { product: { product_id: "p1" } },
    seeds: [
      ["helloModuleService", "my_custom", ["c1"]],
      ["notes", "note", ["n1", "n2"]],
      ["files", "attachment", ["a1", "a2"]],
    ],
    owned: [],
    links: [pc("p1", "c1"), cn("c1", "n1"), cn("c1", "n2"), na("n1", "a1"), na("n2", "a2"), pb("p1", "b1"), pt("p1", "t1")],
  },
  {
    name: "several roots: two brands, a custom record and a variant",
    roots: { brand: { brand_id: ["b1", "b2"] }, helloModuleService: { my_custom_id: "c3" }, product: { product_variant_id: "v9" } },
    seeds: [
      ["product", "product", ["p1", "p2", "p3"]],
      ["helloModuleService", "my_custom", ["c1", "c3"]],
      ["notes", "note", ["n1", "n3"]],
      ["files", "attachment", ["a3"]],
      ["tag", "tag", ["t1"]],
      ["inventory", "inventory_item", ["i9"]],
    ],
    owned: [],
    links: [
      pb("p1", "b1"),
      pb("p2", "b2"),
      pb("p3", "b2"),
      pc("p1", "c1"),
      cn("c1", "n1"),
      cn("c3", "n3"),
      na("n3", "a3"),
      bt("b1", "t1"),
      bt("b2", "t1"),
      vi("v9", "i9"),
    ],
  },
];

/** Fresh fixture modules with the scenario's records seeded. */
export function seededModules(scenario: CascadeScenario): RecordModules {
  const modules = makeRecordModules();
  for (const [module, model, ids] of scenario.seeds) modules[module].seed(model, ids);
  for (const [module, model, parent, childModel, children] of scenario.owned) modules[module].own(model, parent, childModel, children);
  return modules;
}

/** Every seeded record and whether it is deleted, for before/after comparisons. */
export function recordStates(scenario: CascadeScenario, modules: RecordModules): string[] {
  const models = [
    ...scenario.seeds.map(([module, model, ids]) => [module, model, ids] as const),
    ...scenario.owned.map(([module, , , childModel, children]) => [module, childModel, children] as const),
  ];
  return models.flatMap(([module, model, ids]) => ids.map((id) => `${module}.${model}.${id}: ${modules[module].isDeleted(model, id) ? "deleted" : "live"}`));
}

export async function createLinks(remoteLink: UntypedRemoteLink, scenario: CascadeScenario): Promise<void> {
  await remoteLink.create(scenario.links);
}
