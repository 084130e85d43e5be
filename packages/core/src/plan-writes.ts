import type { SideName } from "./define-link";
import { LinkInputError } from "./errors";
import { groupBy } from "./group-by";
import { readIds, toInputList } from "./input-guards";
import type { LinkGraph } from "./link-graph";
import type { LinkPair, NewLink } from "./link-store";
import type { LinkTable } from "./link-table";
import { type ShapeMemo, readPair, readSideId, resolvePair } from "./parse-pair";

/** Pairs to create per link table, duplicates merged (later data wins). */
export function planCreate(graph: LinkGraph, input: unknown): Map<LinkTable, NewLink[]> {
  const memo: ShapeMemo = {};
  // Straight into per-table lists: a create may hold 50,000 inputs, and each object less per input is GC time saved.
  const byTable = new Map<LinkTable, NewLink[]>();
  for (const item of toInputList(input, "create")) {
    const pair = resolvePair(graph, item, "create", true, memo);
    const link: NewLink = { left: readSideId(pair.left, "create"), right: readSideId(pair.right, "create"), data: pair.data };
    let links = byTable.get(pair.table);
    if (!links) byTable.set(pair.table, (links = []));
    links.push(link);
  }
  for (const [table, links] of byTable) byTable.set(table, mergeDuplicates(links));
  return byTable;
}

/** Each pair once, in first-seen order: stores get every pair at most once (`upsertLinks`). */
function mergeDuplicates(links: readonly NewLink[]): NewLink[] {
  // Nested maps, not a joined string key: no string is built per input.
  const byLeft = new Map<string, Map<string, number>>();
  const merged: NewLink[] = [];
  for (const link of links) {
    let byRight = byLeft.get(link.left);
    if (!byRight) byLeft.set(link.left, (byRight = new Map()));
    const at = byRight.get(link.right);
    if (at === undefined) {
      byRight.set(link.right, merged.length);
      merged.push(link);
    } else {
      const seen = merged[at] as NewLink;
      merged[at] = { ...link, data: { ...seen.data, ...link.data } };
    }
  }
  return merged;
}

/** Pairs to dismiss per link table. */
export function planDismiss(graph: LinkGraph, input: unknown): Map<LinkTable, LinkPair[]> {
  const memo: ShapeMemo = {};
  const pairs = toInputList(input, "dismiss").map((item) => {
    const pair = resolvePair(graph, item, "dismiss", false, memo);
    return { table: pair.table, pair: readPair(pair, "dismiss") };
  });
  const byTable = new Map<LinkTable, LinkPair[]>();
  for (const [table, items] of groupBy(pairs, (p) => p.table))
    byTable.set(
      table,
      items.map((i) => i.pair),
    );
  return byTable;
}

/** The work of a replace on one link table, from one anchor side. */
export interface ReplacePlan {
  readonly table: LinkTable;
  readonly anchorSide: SideName;
  readonly anchors: string[];
  readonly keep: NewLink[];
}

/**
 * Reads replace inputs: the side given one id is the anchor, the side given
 * an array is its complete new set of partners (both single: the left side
 * is the anchor).
 */
export function planReplace(graph: LinkGraph, input: unknown): ReplacePlan[] {
  const memo: ShapeMemo = {};
  const items = toInputList(input, "replace").map((item) => {
    const pair = resolvePair(graph, item, "replace", true, memo);
    const leftIsList = Array.isArray(pair.left.value);
    const rightIsList = Array.isArray(pair.right.value);
    if (leftIsList && rightIsList) {
      throw new LinkInputError(
        "INVALID_INPUT",
        "replace(): give one id for the record whose links are replaced and an array for its new partners; " +
          `both ${pair.left.key} and ${pair.right.key} are arrays.`,
        item,
      );
    }
    const anchorSide: SideName = leftIsList ? "right" : "left";
    const anchor = anchorSide === "left" ? pair.left : pair.right;
    const partner = anchorSide === "left" ? pair.right : pair.left;
    const [anchorId] = readIds(anchor.value, `replace(): ${anchor.module}.${anchor.key}`) as [string];
    const partners = readIds(partner.value, `replace(): ${partner.module}.${partner.key}`, true);
    const keep = partners.map((id) =>
      anchorSide === "left" ? { left: anchorId, right: id, data: pair.data } : { left: id, right: anchorId, data: pair.data },
    );
    return { table: pair.table, anchorSide, anchorId, keep };
  });
  return [...groupBy(items, (i) => i.table).entries()].flatMap(([table, group]) =>
    [...groupBy(group, (i) => i.anchorSide).entries()].map(([anchorSide, sameSide]) => {
      const anchors = sameSide.map((i) => i.anchorId);
      if (new Set(anchors).size !== anchors.length) {
        throw new LinkInputError(
          "INVALID_INPUT",
          `replace(): the same record is replaced twice in one call on link ${table.label}; merge its partners into one input.`,
          input,
        );
      }
      return { table, anchorSide, anchors, keep: sameSide.flatMap((i) => i.keep) };
    }),
  );
}
