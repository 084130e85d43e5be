import { type AnyLinkDefinition, type CascadeMode, defineLink, defineModule } from "@modlink/core";
import { RecordModule, conformanceLinks } from "@modlink/conformance";

/**
 * The links a fuzz run works on, with the record ids it draws from. Ids
 * include valid but SQL-looking and non-ASCII ones, so every run also checks
 * that such ids round-trip verbatim.
 */
export interface LinkSet {
  /** Shown in failure messages and summaries. */
  readonly name: string;
  readonly links: readonly AnyLinkDefinition[];
  /** Ids to draw from, by module, then by key. */
  readonly pools: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** Ids per key: plain ones, the third full of quotes, SQL and unicode that must be stored verbatim. */
function poolFor(key: string, size: number): string[] {
  const stem = key.replace(/_id$/, "");
  return [`${stem}1`, `${stem}2`, `${stem}'3"; drop table x; -- ü🙂`].slice(0, size);
}

/** Every (module, key) the links use, with its model, in definition order. */
export function linkedKeys(links: readonly AnyLinkDefinition[]): { module: string; model: string; key: string }[] {
  const seen = new Map<string, { module: string; model: string; key: string }>();
  for (const link of links) {
    for (const side of [link.left, link.right]) {
      seen.set(JSON.stringify([side.module, side.key]), { module: side.module, model: side.model, key: side.key });
    }
  }
  return [...seen.values()];
}

export function linkSetOf(name: string, links: readonly AnyLinkDefinition[], poolSize = 3): LinkSet {
  const pools: Record<string, Record<string, string[]>> = {};
  for (const { module, key } of linkedKeys(links)) (pools[module] ??= {})[key] = poolFor(key, poolSize);
  return { name, links, pools };
}

/**
 * Fresh record modules for a link set, every pool id seeded as a live
 * record, so cascades really travel through module services.
 */
export function makeModules(set: LinkSet): Map<string, RecordModule> {
  const models = new Map<string, Record<string, { key: string }>>();
  for (const { module, model, key } of linkedKeys(set.links)) models.set(module, { ...models.get(module), [model]: { key } });
  const modules = new Map<string, RecordModule>();
  for (const [module, specs] of models) {
    const records = new RecordModule(module, specs);
    for (const [model, { key }] of Object.entries(specs)) records.seed(model, set.pools[module]?.[key] ?? []);
    modules.set(module, records);
  }
  return modules;
}

/** The conformance application: one-to-many, many-to-many, one-to-one, orphans, a cycle, named links. */
export const conformanceSet: LinkSet = linkSetOf("conformance links", conformanceLinks);

/** How one link of a generated set behaves. */
export interface LinkShape {
  readonly leftList: boolean;
  readonly rightList: boolean;
  readonly leftCascade: CascadeMode;
  readonly rightCascade: CascadeMode;
}

const Alpha = defineModule("alpha", { models: ["a"] });
const Beta = defineModule("beta", { models: ["b"] });
const Gamma = defineModule("gamma", { models: ["c"] });

/** Extra columns of every type, on the first generated link. */
const everyType = {
  note: { type: "text", nullable: true },
  rank: { type: "integer", default: 0 },
  views: { type: "bigint", nullable: true },
  score: { type: "float", nullable: true },
  pinned: { type: "boolean", default: false },
  meta: { type: "json", nullable: true },
  seen_at: { type: "timestamp", nullable: true },
} as const;

function side<L extends typeof Alpha.linkable.a | typeof Beta.linkable.b | typeof Gamma.linkable.c>(linkable: L, isList: boolean, cascade: CascadeMode) {
  return { linkable, isList, deleteCascade: cascade === "all" ? true : cascade === "orphans" ? ("orphans" as const) : false };
}

const cascadeMark = { none: "", all: "!", orphans: "?" } as const;

function describeShape(shape: LinkShape): string {
  return `${shape.leftList ? "*" : "1"}${cascadeMark[shape.leftCascade]}-${shape.rightList ? "*" : "1"}${cascadeMark[shape.rightCascade]}`;
}

/**
 * Four links between alpha, beta and gamma with the given shapes: a-b (every
 * extra column type), b-c, c-a (closing a cycle) and a second, named a-b.
 */
export function generatedSet(shapes: readonly [LinkShape, LinkShape, LinkShape, LinkShape]): LinkSet {
  const [ab, bc, ca, second] = shapes;
  const links = [
    defineLink(side(Alpha.linkable.a, ab.leftList, ab.leftCascade), side(Beta.linkable.b, ab.rightList, ab.rightCascade), {
      database: { extraColumns: everyType },
    }),
    defineLink(side(Beta.linkable.b, bc.leftList, bc.leftCascade), side(Gamma.linkable.c, bc.rightList, bc.rightCascade)),
    defineLink(side(Gamma.linkable.c, ca.leftList, ca.leftCascade), side(Alpha.linkable.a, ca.rightList, ca.rightCascade)),
    defineLink(side(Alpha.linkable.a, second.leftList, second.leftCascade), side(Beta.linkable.b, second.rightList, second.rightCascade), { name: "second" }),
  ];
  return linkSetOf(`a-b ${describeShape(ab)}, b-c ${describeShape(bc)}, c-a ${describeShape(ca)}, a-b second ${describeShape(second)}`, links);
}

/** One conformance link, found by its modules (and name), never by its position in the array. */
export function fixtureLink(leftModule: string, rightModule: string, name?: string): AnyLinkDefinition {
  const link = conformanceLinks.find((l) => l.left.module === leftModule && l.right.module === rightModule && l.name === name);
  if (!link) throw new Error(`no conformance link ${leftModule} -> ${rightModule}${name ? ` (${name})` : ""}`);
  return link;
}

/**
 * A small slice of the conformance links with two ids per key, so that a
 * handful of concurrent calls collide: one-to-many with a cascade, one-to-one,
 * many-to-many and an orphans-only cascade.
 */
export const contendedSet: LinkSet = linkSetOf(
  "contended links",
  [fixtureLink("product", "brand"), fixtureLink("product", "helloModuleService"), fixtureLink("product", "tag"), fixtureLink("brand", "tag", "brand_tags")],
  2,
);
