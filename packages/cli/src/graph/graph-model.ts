import type { AnyLinkDefinition, CascadeMode, LinkSide } from "@modlink/core";

/** A model that takes part in links: a node of the picture. */
export interface ModelNode {
  /** Unique, diagram-safe id, e.g. `product_product_variant`. */
  readonly id: string;
  readonly module: string;
  readonly model: string;
  readonly key: string;
}

/** A module: a box holding its linked models. */
export interface ModuleGroup {
  readonly id: string;
  readonly name: string;
  readonly models: readonly ModelNode[];
}

/** A cascade a link performs when a record is deleted. */
export interface CascadeMark {
  /** The model whose deletion starts it. */
  readonly from: ModelNode;
  /** The model whose linked records are soft-deleted. */
  readonly to: ModelNode;
  readonly mode: Exclude<CascadeMode, "none">;
}

/** A link: an edge from the definition's left model to its right model. */
export interface LinkEdge {
  readonly definition: AnyLinkDefinition;
  readonly from: ModelNode;
  readonly to: ModelNode;
  /** `n — 1`: how many left records one right record has, then the reverse. */
  readonly cardinality: string;
  readonly cascades: readonly CascadeMark[];
  /** The lines of the edge's label: `[name: ]n — 1`, then `cascade ⇒ <model>[ (orphans)]` per cascading side. */
  readonly label: readonly string[];
}

/** Everything the Mermaid, SVG and table renderings show. */
export interface GraphModel {
  readonly modules: readonly ModuleGroup[];
  readonly edges: readonly LinkEdge[];
}

/**
 * Turns link definitions into modules, models and edges, in definition order.
 *
 * @example graphModel([productBrand]).edges[0].cardinality // "n — 1"
 */
export function graphModel(definitions: readonly AnyLinkDefinition[]): GraphModel {
  const modules = new Map<string, { id: string; name: string; models: Map<string, ModelNode> }>();
  const usedIds = new Set<string>();
  const uniqueId = (wanted: string): string => {
    let id = wanted;
    for (let n = 2; usedIds.has(id); n += 1) id = `${wanted}_${n}`;
    usedIds.add(id);
    return id;
  };
  const nodeOf = (side: LinkSide): ModelNode => {
    const module = modules.get(side.module) ?? { id: uniqueId(`mod_${side.module}`), name: side.module, models: new Map<string, ModelNode>() };
    modules.set(side.module, module);
    const existing = module.models.get(side.model);
    if (existing) return existing;
    const node = Object.freeze({ id: uniqueId(`${side.module}_${side.model}`), module: side.module, model: side.model, key: side.key });
    module.models.set(side.model, node);
    return node;
  };
  const edges = definitions.map((definition): LinkEdge => {
    const from = nodeOf(definition.left);
    const to = nodeOf(definition.right);
    const cardinality = `${definition.left.isList ? "n" : "1"} — ${definition.right.isList ? "n" : "1"}`;
    const cascades: CascadeMark[] = [
      ...(definition.right.cascade === "none" ? [] : [{ from, to, mode: definition.right.cascade }]),
      ...(definition.left.cascade === "none" ? [] : [{ from: to, to: from, mode: definition.left.cascade }]),
    ];
    const label = [
      definition.name === undefined ? cardinality : `${definition.name}: ${cardinality}`,
      // The cascade starts at the link's other end, so naming its target is enough.
      ...cascades.map((mark) => `cascade ⇒ ${mark.to.model}${mark.mode === "orphans" ? " (orphans)" : ""}`),
    ];
    return Object.freeze({ definition, from, to, cardinality, cascades, label });
  });
  return {
    modules: [...modules.values()].map((module) => Object.freeze({ id: module.id, name: module.name, models: [...module.models.values()] })),
    edges,
  };
}
