import { type Row, keyOf } from "./fetch-records";
import type { GraphRecord } from "./query-input";
import type { RelationNode, SelectionNode } from "./query-plan";
import { LINK_FIELD } from "./relation-names";
import { type LoadedRelations, linkValue } from "./load-relations";
import type { Attachment } from "./hop";

/**
 * Builds the output records from what was fetched: only the selected fields,
 * each relation under its name, a list always as an array and a "one"
 * relation always as an object or null. A record reached under several
 * parents is built once and shared (with its `link` object, when selected,
 * on a shallow copy per parent), so memory grows with the records read, not
 * with the times they are shown.
 */
export function assembleRecords(root: SelectionNode, rows: readonly Row[], loaded: LoadedRelations): GraphRecord[] {
  const built = new Map<string, Map<string, GraphRecord>>();
  const shared = (node: RelationNode, row: Row): GraphRecord => {
    const byKey = built.get(node.path) ?? new Map<string, GraphRecord>();
    built.set(node.path, byKey);
    const key = keyOf(row, node.entity);
    const existing = byKey.get(key);
    if (existing) return existing;
    const record = build(node, row, loaded, shared);
    byKey.set(key, record);
    return record;
  };
  return rows.map((row) => build(root, row, loaded, shared));
}

function build(node: SelectionNode, row: Row, loaded: LoadedRelations, shared: (node: RelationNode, row: Row) => GraphRecord): GraphRecord {
  const record: GraphRecord = {};
  for (const field of node.fields) record[field] = row[field] ?? null;
  for (const child of node.children) {
    const attachments = loaded.get(child.path)?.get(keyOf(row, node.entity)) ?? [];
    const shaped = attachments.map((attachment) => withLink(child, attachment, shared(child, attachment.record)));
    record[child.relation.name] = child.relation.isList ? shaped : (shaped[0] ?? null);
  }
  return record;
}

function withLink(node: RelationNode, attachment: Attachment, record: GraphRecord): GraphRecord {
  const link = attachment.link;
  if (node.linkFields.length === 0 || !link) return record;
  return { ...record, [LINK_FIELD]: Object.fromEntries(node.linkFields.map((column) => [column, linkValue(link, column) ?? null])) };
}
