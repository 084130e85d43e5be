import { type Row, keyOf } from "./fetch-records";
import type { GraphRecord } from "./query-input";
import type { RelationNode, SelectionNode } from "./query-plan";
import { LINK_FIELD } from "./relation-names";
import { type LoadedRelations, linkValue } from "./load-relations";
import type { Attachment } from "./read-hops";

/**
 * Builds the output records from what was fetched: only the selected fields,
 * each relation under its name, a list always as an array and a "one"
 * relation always as an object or null.
 */
export function assembleRecords(root: SelectionNode, rows: readonly Row[], loaded: LoadedRelations): GraphRecord[] {
  return rows.map((row) => build(root, row, loaded));
}

function build(node: SelectionNode, row: Row, loaded: LoadedRelations): GraphRecord {
  const record: GraphRecord = {};
  for (const field of node.fields) record[field] = row[field] ?? null;
  for (const child of node.children) {
    const attachments = loaded.get(child.path)?.get(keyOf(row, node.entity)) ?? [];
    const shaped = attachments.map((attachment) => withLink(child, attachment, build(child, attachment.record, loaded)));
    record[child.relation.name] = child.relation.isList ? shaped : (shaped[0] ?? null);
  }
  return record;
}

function withLink(node: RelationNode, attachment: Attachment, record: GraphRecord): GraphRecord {
  const link = attachment.link;
  if (node.linkFields.length === 0 || !link) return record;
  record[LINK_FIELD] = Object.fromEntries(node.linkFields.map((column) => [column, linkValue(link, column) ?? null]));
  return record;
}
