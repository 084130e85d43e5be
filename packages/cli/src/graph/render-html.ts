import type { ExtraColumns, LinkSide } from "@modlink/core";
import { escapeXml } from "./escape-xml";
import type { GraphModel, LinkEdge } from "./graph-model";
import { renderSvg } from "./render-svg";

const CASCADE_WORDS = { all: "all", orphans: "orphans only" } as const;

/**
 * A self-contained HTML page of the link graph: the SVG picture, a table of
 * every link (readable without the picture), and the Mermaid source. No
 * scripts, fonts or other requests: it opens offline.
 *
 * @example writeFileSync("links.html", renderHtml(graph, toMermaid(graph), { title: "shop links" }))
 */
export function renderHtml(graph: GraphModel, mermaid: string, options: { readonly title: string }): string {
  const models = graph.modules.reduce((total, module) => total + module.models.length, 0);
  const title = escapeXml(options.title);
  const note =
    `${graph.modules.length} modules, ${models} linked models, ${graph.edges.length} links. ` +
    "Arrows go from the first model of each <code>defineLink</code> to the second; <code>n — 1</code> reads “many of the first per one of the second”; " +
    "red links cascade deletes (<code>cascade ⇒ b</code>: deleting the record at the other end soft-deletes its linked <code>b</code> records; " +
    "<code>(orphans)</code>: only those left with no other link).";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #0f172a; line-height: 1.45; }
  figure { margin: 1rem 0 2rem; overflow-x: auto; }
  svg { max-width: 100%; height: auto; }
  table { border-collapse: collapse; font-size: 0.9rem; }
  th, td { border: 1px solid #cbd5e1; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
  th { background: #f1f5f9; }
  code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; }
  pre { background: #f8fafc; border: 1px solid #e2e8f0; padding: 1rem; overflow-x: auto; }
  .note { color: #475569; }
</style>
</head>
<body>
<h1>${title}</h1>
<p class="note">${note}</p>
<figure>
${renderSvg(graph)}
</figure>
<h2>Links</h2>
<table>
<thead><tr><th>link</th><th>from</th><th>cardinality</th><th>to</th><th>cascade</th><th>table</th><th>extra columns</th></tr></thead>
<tbody>
${graph.edges.map(linkRow).join("\n")}
</tbody>
</table>
<h2>Mermaid source</h2>
<p class="note">Paste into any Mermaid renderer (GitHub Markdown, GitLab, mermaid.live) for an interactive version.</p>
<pre>${escapeXml(mermaid)}</pre>
</body>
</html>
`;
}

function linkRow(edge: LinkEdge): string {
  const { definition } = edge;
  const columns: ExtraColumns = definition.extraColumns;
  const extras = Object.entries(columns).map(([name, column]) => `${name} (${column.type})`);
  const cells = [
    definition.name ?? "—",
    sideCell(definition.left),
    edge.cardinality,
    sideCell(definition.right),
    edge.cascades.length === 0 ? "—" : edge.cascades.map((mark) => `${mark.from.model} ⇒ ${mark.to.model} (${CASCADE_WORDS[mark.mode]})`).join("; "),
    definition.table,
    extras.length === 0 ? "—" : extras.join(", "),
  ];
  return `<tr>${cells.map((cell) => `<td>${escapeXml(cell)}</td>`).join("")}</tr>`;
}

function sideCell(side: LinkSide): string {
  return `${side.module}.${side.model} (${side.key}${side.isList ? ", list" : ""})`;
}
