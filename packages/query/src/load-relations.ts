import type { StoredLink } from "@modlink/core";
import { comparatorOf } from "./compare-values";
import { type Row, keyOf } from "./fetch-records";
import { checkRelationFound } from "./found-checks";
import type { Attachment, HopResult } from "./hop";
import type { RelationNode, SelectionNode } from "./query-plan";
import { LINK_FIELD } from "./relation-names";
import { type HopContext, readHops } from "./read-hops";
import type { RecordBudget } from "./record-budget";

/** What was loaded for each relation path: each parent's attachments, paged. */
export type LoadedRelations = Map<string, HopResult>;

/**
 * The fields to fetch for a node: its output fields, the keys its read-only
 * children follow, and the fields its own list order reads.
 */
export function fetchFieldsOf(node: SelectionNode | RelationNode): string[] {
  const fields = new Set(node.fields);
  for (const child of node.children) if (child.relation.kind === "read-only") fields.add(child.relation.fromField);
  if ("page" in node) for (const term of node.page.order) if (!term.field.startsWith(`${LINK_FIELD}.`)) fields.add(term.field);
  return [...fields];
}

/**
 * Loads every relation below the root, level by level (breadth-first): one
 * `readHops` per level, so one fetch per relation whatever the number of
 * parents. Only the records kept after paging lead to the next level.
 * Counts, as it goes, how many records the result will show (a record under
 * several parents once per parent) and stops as soon as that is too many.
 * Under the `required` paths every parent must have a linked record.
 */
export async function loadRelations(
  context: HopContext,
  root: SelectionNode,
  rootRows: readonly Row[],
  required: ReadonlySet<string>,
): Promise<LoadedRelations> {
  const loaded: LoadedRelations = new Map();
  const shown = new ShownCount(context.budget, rootRows.length);
  let level = root.children.map((node) => ({ node, parents: rootRows, times: shown.once(rootRows, root) }));
  while (level.length > 0) {
    const results = await readHops(
      context,
      level.map(({ node, parents }) => ({ relation: node.relation, parents, fields: fetchFieldsOf(node) })),
    );
    const next: typeof level = [];
    for (const [index, { node, parents, times }] of level.entries()) {
      const read = results[index] as HopResult;
      if (required.has(node.path)) checkRelationFound(node, parents, read, context.withDeleted);
      const paged = pageAttachments(node, read, context.budget);
      loaded.set(node.path, paged);
      const records = distinctRecords(paged, node);
      const childTimes = shown.add(paged, times, node);
      for (const child of node.children) next.push({ node: child, parents: records, times: childTimes });
    }
    level = next;
  }
  return loaded;
}

/**
 * The size of the result being loaded: each record times the number of
 * places it is shown in, summed. Times are capped just over the limit, so
 * the sums stay exact below it and small above it.
 */
class ShownCount {
  readonly #budget: RecordBudget;
  readonly #cap: number;
  #total: number;

  constructor(budget: RecordBudget, roots: number) {
    this.#budget = budget;
    this.#cap = budget.limits.maxRecords + 1;
    this.#total = roots;
    budget.checkResult(roots);
  }

  /** Each root record is shown once. */
  once(rows: readonly Row[], node: SelectionNode): Map<string, number> {
    return new Map(rows.map((row) => [keyOf(row, node.entity), 1]));
  }

  /** Adds a relation's attachments, shown under each showing of their parent; returns the times of its records. */
  add(result: HopResult, parentTimes: ReadonlyMap<string, number>, node: RelationNode): Map<string, number> {
    const times = new Map<string, number>();
    for (const [parent, attachments] of result) {
      const each = parentTimes.get(parent) ?? 0;
      this.#total = Math.min(this.#cap, this.#total + each * attachments.length);
      for (const { record } of attachments) {
        const key = keyOf(record, node.entity);
        times.set(key, Math.min(this.#cap, (times.get(key) ?? 0) + each));
      }
    }
    this.#budget.checkResult(this.#total);
    return times;
  }
}

function distinctRecords(result: HopResult, node: RelationNode): Row[] {
  const byKey = new Map<string, Row>();
  for (const attachments of result.values()) for (const { record } of attachments) byKey.set(keyOf(record, node.entity), record);
  return [...byKey.values()];
}

/**
 * Orders and slices each parent's list; a "one" relation keeps its single
 * best attachment. An unpaged list longer than `maxListSize` fails.
 */
export function pageAttachments(node: RelationNode, result: HopResult, budget: RecordBudget): HopResult {
  const paged: HopResult = new Map();
  const { skip, take, order } = node.page;
  const compare = comparatorOf<Attachment>(order, valueOf);
  for (const [parent, attachments] of result) {
    if (node.relation.isList && take === undefined) budget.checkList(attachments.length - skip, node.path);
    const kept = node.relation.isList
      ? [...attachments].sort(compare).slice(skip, take === undefined ? undefined : skip + take)
      : [pickOne(attachments, compare) as Attachment];
    if (kept.length > 0) paged.set(parent, kept);
  }
  return paged;
}

/**
 * The partner of a "one" relation. Only with `withDeleted` can there be
 * several; a live link then wins, else the most recently changed one.
 */
export function pickOne(attachments: readonly Attachment[] | undefined, compare: (a: Attachment, b: Attachment) => number = () => 0): Attachment | undefined {
  return [...(attachments ?? [])].sort((a, b) => rank(a) - rank(b) || changedLater(a, b) || compare(a, b))[0];
}

function rank(attachment: Attachment): number {
  return attachment.link?.deletedAt ? 1 : 0;
}

function changedLater(a: Attachment, b: Attachment): number {
  return (b.link?.updatedAt.getTime() ?? 0) - (a.link?.updatedAt.getTime() ?? 0);
}

function valueOf(attachment: Attachment, field: string): unknown {
  if (field.startsWith(`${LINK_FIELD}.`)) return attachment.link ? linkValue(attachment.link, field.slice(LINK_FIELD.length + 1)) : undefined;
  return attachment.record[field];
}

/** A column of a stored link by its SQL name: `id`, an extra column, or a timestamp. */
export function linkValue(link: StoredLink, column: string): unknown {
  switch (column) {
    case "id":
      return link.id;
    case "created_at":
      return link.createdAt;
    case "updated_at":
      return link.updatedAt;
    case "deleted_at":
      return link.deletedAt;
    default:
      return link.data[column];
  }
}
