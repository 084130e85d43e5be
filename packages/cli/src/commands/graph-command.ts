import { writeFile } from "node:fs/promises";
import path from "node:path";
import { CliError } from "../cli-error";
import type { Command } from "../command";
import { ExitCodes } from "../exit-codes";
import { graphModel } from "../graph/graph-model";
import { renderHtml } from "../graph/render-html";
import { toMermaid } from "../graph/to-mermaid";

/**
 * `modlink graph`: the link graph as Mermaid on stdout, and optionally as a
 * self-contained HTML page. Needs no database.
 *
 * @example modlink graph > links.mmd && modlink graph --html links.html
 */
export const graphCommand: Command = {
  name: "graph",
  summary: "Print the link graph as a Mermaid flowchart: modules as subgraphs, models as nodes, links as edges with cardinality and cascades.",
  usage: "modlink graph [--html <file>] [--config <file>] [--json]",
  flags: {
    html: { type: "string", value: "file", description: "Also write a self-contained HTML page (SVG picture, table of links, Mermaid source); opens offline." },
  },
  details: [
    "Edge labels: `n — 1` = many records of the first model per record of the second; " +
      "`cascade ⇒ b` = deleting the record at the other end soft-deletes its linked b records (`(orphans)`: only those left with no other link).",
    "Exit codes: 0 done, 1 error.",
  ],
  async run({ config, flags, out, cwd }) {
    const graph = graphModel(config.links);
    const mermaid = toMermaid(graph);
    const htmlFlag = flags.html;
    const html = typeof htmlFlag === "string" ? path.resolve(cwd, htmlFlag) : undefined;
    if (html !== undefined) {
      try {
        await writeFile(html, renderHtml(graph, mermaid, { title: `Link graph of ${path.basename(path.dirname(config.file))}` }));
      } catch (error) {
        throw new CliError("OUTPUT_FAILED", `Could not write --html ${html}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      out.note(`Wrote ${html}`);
    }
    out.text(mermaid.trimEnd());
    out.result({
      ok: true,
      command: "graph",
      mermaid,
      html: html ?? null,
      modules: graph.modules.map((module) => ({ name: module.name, models: module.models.map((node) => ({ name: node.model, key: node.key })) })),
      links: graph.edges.map((edge) => ({
        label: edge.definition.label,
        name: edge.definition.name ?? null,
        table: edge.definition.table,
        from: { module: edge.from.module, model: edge.from.model, key: edge.from.key },
        to: { module: edge.to.module, model: edge.to.model, key: edge.to.key },
        cardinality: edge.cardinality,
        cascades: edge.cascades.map((mark) => ({ from: mark.from.model, to: mark.to.model, mode: mark.mode })),
      })),
    });
    return ExitCodes.ok;
  },
};
