import type { GraphModel, LinkEdge, ModelNode, ModuleGroup } from "./graph-model";

/** An axis-aligned box in SVG coordinates. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where everything goes; computed without a browser, so text widths are estimates. */
export interface GraphLayout {
  readonly modules: readonly { readonly module: ModuleGroup; readonly box: Box }[];
  readonly nodes: ReadonlyMap<ModelNode, Box>;
  /** Per edge: a cubic Bézier (start, two controls, end) and the centre of its label. */
  readonly edges: readonly { readonly edge: LinkEdge; readonly points: readonly [Point, Point, Point, Point]; readonly labelAt: Point }[];
}

export const FONT_SIZE = 13;
const CHAR_WIDTH = 7.6;
const NODE_HEIGHT = 30;
const NODE_GAP = 12;
const PADDING = 14;
const TITLE_HEIGHT = 28;
const MODULE_GAP = 40;
const COMPONENT_GAP = 70;

/** Estimated width of a line of text at `FONT_SIZE`. */
export function textWidth(text: string): number {
  return [...text].length * CHAR_WIDTH;
}

/**
 * Layered layout: in each group of connected modules, the most linked module
 * goes in the first column and every other module one column right of the
 * module that reached it first (breadth-first), so most links join
 * neighbouring columns. Links are curves between model nodes.
 *
 * @example const layout = layoutGraph(graphModel(links))
 */
export function layoutGraph(graph: GraphModel): GraphLayout {
  const columns = assignColumns(graph);
  const widestLabel = Math.max(0, ...graph.edges.flatMap((edge) => edge.label.map(textWidth)));
  const columnGap = Math.min(420, Math.max(120, widestLabel + 60));
  const size = (module: ModuleGroup) => ({
    width: Math.max(textWidth(module.name) + 8, ...module.models.map((node) => textWidth(node.model) + 2 * PADDING)) + 2 * PADDING,
    height: TITLE_HEIGHT + module.models.length * (NODE_HEIGHT + NODE_GAP) + PADDING,
  });
  const columnCount = Math.max(0, ...[...columns.values()].map((placed) => placed.column + 1));
  const columnWidths = Array.from({ length: columnCount }, (_, c) =>
    Math.max(0, ...graph.modules.filter((module) => columns.get(module)?.column === c).map((module) => size(module).width)),
  );
  const columnX = columnWidths.map((_, c) => columnWidths.slice(0, c).reduce((sum, width) => sum + width + columnGap, 0));

  const modules: { module: ModuleGroup; box: Box }[] = [];
  let top = 0;
  for (const component of new Set([...columns.values()].map((placed) => placed.component))) {
    const members = graph.modules.filter((module) => columns.get(module)?.component === component);
    const stacks = Array.from({ length: columnCount }, (_, c) => members.filter((module) => columns.get(module)?.column === c));
    const heights = stacks.map((stack) => stack.reduce((sum, module) => sum + size(module).height, 0) + Math.max(0, stack.length - 1) * MODULE_GAP);
    const tallest = Math.max(0, ...heights);
    stacks.forEach((stack, c) => {
      // Centre each column on the tallest one of its group.
      let y = top + (tallest - (heights[c] ?? 0)) / 2;
      for (const module of stack) {
        const { width, height } = size(module);
        modules.push({ module, box: { x: (columnX[c] ?? 0) + ((columnWidths[c] ?? 0) - width) / 2, y, width, height } });
        y += height + MODULE_GAP;
      }
    });
    top += tallest + COMPONENT_GAP;
  }
  const nodes = new Map<ModelNode, Box>();
  for (const { module, box } of modules) {
    module.models.forEach((node, position) => {
      nodes.set(node, {
        x: box.x + PADDING,
        y: box.y + TITLE_HEIGHT + position * (NODE_HEIGHT + NODE_GAP),
        width: box.width - 2 * PADDING,
        height: NODE_HEIGHT,
      });
    });
  }
  const columnOf = (node: ModelNode) => [...columns.entries()].find(([module]) => module.name === node.module)?.[1].column ?? 0;
  return { modules, nodes, edges: routeEdges(graph.edges, nodes, columnOf) };
}

/** Column and connected group of each module, breadth-first from the most linked module of each group. */
function assignColumns(graph: GraphModel): Map<ModuleGroup, { column: number; component: number }> {
  const byName = new Map(graph.modules.map((module) => [module.name, module]));
  const neighbours = new Map<ModuleGroup, ModuleGroup[]>(graph.modules.map((module) => [module, []]));
  for (const edge of graph.edges) {
    const from = byName.get(edge.from.module);
    const to = byName.get(edge.to.module);
    if (!from || !to) continue;
    neighbours.get(from)?.push(to);
    neighbours.get(to)?.push(from);
  }
  const degree = (module: ModuleGroup) => neighbours.get(module)?.length ?? 0;
  const placed = new Map<ModuleGroup, { column: number; component: number }>();
  let component = 0;
  for (const start of [...graph.modules].sort((a, b) => degree(b) - degree(a))) {
    if (placed.has(start)) continue;
    placed.set(start, { column: 0, component });
    const queue = [start];
    for (let module = queue.shift(); module !== undefined; module = queue.shift()) {
      const column = (placed.get(module)?.column ?? 0) + 1;
      for (const next of neighbours.get(module) ?? []) {
        if (placed.has(next)) continue;
        placed.set(next, { column, component });
        queue.push(next);
      }
    }
    component += 1;
  }
  return placed;
}

function routeEdges(edges: readonly LinkEdge[], nodes: ReadonlyMap<ModelNode, Box>, columnOf: (node: ModelNode) => number): GraphLayout["edges"] {
  const pairKey = (edge: LinkEdge) => [edge.from.id, edge.to.id].sort().join(" ");
  const siblings = new Map<string, LinkEdge[]>();
  for (const edge of edges) siblings.set(pairKey(edge), [...(siblings.get(pairKey(edge)) ?? []), edge]);
  return edges.flatMap((edge) => {
    const a = nodes.get(edge.from);
    const b = nodes.get(edge.to);
    if (!a || !b) return [];
    const group = siblings.get(pairKey(edge)) ?? [edge];
    const index = group.indexOf(edge);
    const offset = (index - (group.length - 1) / 2) * 8;
    const points = curve(a, b, Math.sign(columnOf(edge.to) - columnOf(edge.from)), offset, index);
    const [p0, c1, c2, p3] = points;
    const labelAt = { x: 0.125 * p0.x + 0.375 * c1.x + 0.375 * c2.x + 0.125 * p3.x, y: 0.125 * p0.y + 0.375 * c1.y + 0.375 * c2.y + 0.125 * p3.y };
    return [{ edge, points, labelAt }];
  });
}

/** `direction`: 1 to a later column, -1 to an earlier one, 0 within a column (bows out to the right). */
function curve(a: Box, b: Box, direction: number, offset: number, index: number): [Point, Point, Point, Point] {
  const ay = a.y + a.height / 2 + offset;
  const by = b.y + b.height / 2 + offset;
  if (direction === 0) {
    const start = { x: a.x + a.width, y: ay };
    const end = { x: b.x + b.width, y: by };
    const bulge = 80 + 40 * index;
    const right = Math.max(start.x, end.x) + bulge;
    return [start, { x: right, y: start.y }, { x: right, y: end.y }, end];
  }
  const start = { x: direction > 0 ? a.x + a.width : a.x, y: ay };
  const end = { x: direction > 0 ? b.x : b.x + b.width, y: by };
  const pull = (Math.abs(end.x - start.x) / 2) * direction;
  return [start, { x: start.x + pull, y: start.y }, { x: end.x - pull, y: end.y }, end];
}
