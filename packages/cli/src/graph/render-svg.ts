import { escapeXml } from "./escape-xml";
import type { GraphModel } from "./graph-model";
import { type Box, FONT_SIZE, type Point, layoutGraph, textWidth } from "./layout-graph";

const MARGIN = 24;
const LINE_HEIGHT = FONT_SIZE + 4;
const CASCADE_COLOUR = "#b42318";

/**
 * The link graph as a standalone SVG, drawn without a browser or Mermaid:
 * module boxes, model nodes, and links as arrows from the definition's left
 * model to its right one, labelled like the Mermaid edges (cascade links in red).
 *
 * @example writeFileSync("graph.svg", renderSvg(graphModel(links)))
 */
export function renderSvg(graph: GraphModel): string {
  const layout = layoutGraph(graph);
  const parts: string[] = [];
  const bounds = new Bounds();
  for (const { module, box } of layout.modules) {
    bounds.addBox(box);
    parts.push(
      `<g class="module"><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="10" fill="#f4f6fb" stroke="#9aa5bd"/>`,
      `<text x="${n(box.x + box.width / 2)}" y="${n(box.y + 19)}" text-anchor="middle" font-weight="600">${escapeXml(module.name)}</text></g>`,
    );
  }
  for (const [node, box] of layout.nodes) {
    parts.push(
      `<g class="model"><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" rx="6" fill="#ffffff" stroke="#4a5b85"/>`,
      `<text x="${n(box.x + box.width / 2)}" y="${n(box.y + box.height / 2 + FONT_SIZE / 2 - 2)}" text-anchor="middle">${escapeXml(node.model)}</text></g>`,
    );
  }
  for (const { edge, points, labelAt } of layout.edges) {
    const [p0, c1, c2, p3] = points;
    const colour = edge.cascades.length > 0 ? CASCADE_COLOUR : "#334155";
    points.forEach((point) => bounds.addPoint(point));
    const width = Math.max(...edge.label.map(textWidth)) + 12;
    const height = edge.label.length * LINE_HEIGHT + 6;
    const labelBox = { x: labelAt.x - width / 2, y: labelAt.y - height / 2, width, height };
    bounds.addBox(labelBox);
    parts.push(
      `<g class="link"><title>${escapeXml(edge.definition.label)} (table ${escapeXml(edge.definition.table)})</title>`,
      `<path d="M${n(p0.x)},${n(p0.y)} C${n(c1.x)},${n(c1.y)} ${n(c2.x)},${n(c2.y)} ${n(p3.x)},${n(p3.y)}" ` +
        `fill="none" stroke="${colour}" stroke-width="1.5" marker-end="url(#arrow${edge.cascades.length > 0 ? "-cascade" : ""})"/>`,
      `<rect x="${n(labelBox.x)}" y="${n(labelBox.y)}" width="${n(width)}" height="${n(height)}" ` +
        `rx="4" fill="#ffffff" fill-opacity="0.92" stroke="${colour}" stroke-width="0.5"/>`,
      ...edge.label.map(
        (line, index) =>
          `<text x="${n(labelAt.x)}" y="${n(labelBox.y + 3 + (index + 1) * LINE_HEIGHT - 4)}" ` +
          `text-anchor="middle" fill="${index === 0 ? "#0f172a" : CASCADE_COLOUR}">${escapeXml(line)}</text>`,
      ),
      `</g>`,
    );
  }
  const view = bounds.padded(MARGIN);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${n(view.x)} ${n(view.y)} ${n(view.width)} ${n(view.height)}" ` +
      `width="${n(view.width)}" height="${n(view.height)}" ` +
      `font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="${FONT_SIZE}" role="img" aria-label="Link graph">`,
    `<defs>${marker("arrow", "#334155")}${marker("arrow-cascade", CASCADE_COLOUR)}</defs>`,
    ...parts,
    `</svg>`,
  ].join("\n");
}

function marker(id: string, colour: string): string {
  return (
    `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`
  );
}

/** One decimal place keeps the file small and stable. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** The smallest box holding everything drawn. */
class Bounds {
  #minX = Number.POSITIVE_INFINITY;
  #minY = Number.POSITIVE_INFINITY;
  #maxX = Number.NEGATIVE_INFINITY;
  #maxY = Number.NEGATIVE_INFINITY;

  addPoint(point: Point): void {
    this.#minX = Math.min(this.#minX, point.x);
    this.#minY = Math.min(this.#minY, point.y);
    this.#maxX = Math.max(this.#maxX, point.x);
    this.#maxY = Math.max(this.#maxY, point.y);
  }

  addBox(box: Box): void {
    this.addPoint(box);
    this.addPoint({ x: box.x + box.width, y: box.y + box.height });
  }

  padded(margin: number): Box {
    if (!Number.isFinite(this.#minX)) return { x: 0, y: 0, width: 2 * margin, height: 2 * margin };
    return { x: this.#minX - margin, y: this.#minY - margin, width: this.#maxX - this.#minX + 2 * margin, height: this.#maxY - this.#minY + 2 * margin };
  }
}
