import type { GraphModel } from "./graph-model";

/** Mermaid wants `"` in labels as an entity. */
function label(text: string): string {
  return `"${text.replaceAll('"', "#quot;")}"`;
}

/**
 * The link graph as a Mermaid flowchart: one subgraph per module, one node
 * per linked model, one edge per link (from the definition's left model)
 * labelled with its cardinality and cascades.
 *
 * @example toMermaid(graphModel([productBrand]))
 * // flowchart LR
 * //   subgraph mod_product ["product"] ...
 * //   product_product -->|"n — 1"| brand_brand
 */
export function toMermaid(graph: GraphModel): string {
  const lines = ["flowchart LR"];
  for (const module of graph.modules) {
    lines.push(`  subgraph ${module.id} [${label(module.name)}]`);
    for (const node of module.models) lines.push(`    ${node.id}[${label(node.model)}]`);
    lines.push("  end");
  }
  for (const edge of graph.edges) lines.push(`  ${edge.from.id} -->|${label(edge.label.join("<br/>"))}| ${edge.to.id}`);
  return `${lines.join("\n")}\n`;
}
