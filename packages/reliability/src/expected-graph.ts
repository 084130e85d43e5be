import type { GraphQuery, GraphRecord, GraphResult, OrderInput, RelationPagination } from "@modlink/query";
import type { ColumnType } from "./query-modules";
import { OracleLinkTypes, OracleRelations, byTerms, matches, oracleOutput } from "./query-oracle";
import type { QuerySeed } from "./query-seed";
import { type QueryEntityName, QueryModels } from "./query-world";

type Row = Readonly<Record<string, unknown>>;
type Reached = { readonly record: Row; readonly link: Row | undefined };

/** What to output of one entity: own fields, link columns, relations by name. */
interface Selection {
  readonly entity: QueryEntityName;
  readonly fields: Set<string>;
  readonly linkFields: Set<string>;
  readonly children: Map<string, Selection>;
}

const columnsOf = (entity: QueryEntityName) => QueryModels[entity].columns as Record<string, ColumnType>;
const selection = (entity: QueryEntityName): Selection => ({ entity, fields: new Set(["id"]), linkFields: new Set(), children: new Map() });

/** `["id", "brand.*", "tags.link.rank"]` as a tree; the oracle's own reading of `fields`. */
function selectionOf(root: QueryEntityName, fields: readonly string[]): Selection {
  const tree = selection(root);
  for (const path of fields) {
    let node = tree;
    const segments = path.split(".");
    for (const [index, segment] of segments.entries()) {
      const last = index === segments.length - 1;
      const relation = OracleRelations[node.entity][segment];
      if (segment === "link" && node !== tree) {
        for (const column of segments[index + 1] === undefined || segments[index + 1] === "*" ? Object.keys(OracleLinkTypes) : [segments[index + 1] as string])
          node.linkFields.add(column);
        break;
      }
      if (relation) {
        const child = node.children.get(segment) ?? selection(relation.to);
        node.children.set(segment, child);
        node = child;
      }
      if (segment === "*" || (relation && last)) for (const field of Object.keys(columnsOf(node.entity))) node.fields.add(field);
      else if (!relation) node.fields.add(segment);
    }
  }
  return tree;
}

/** The value of a sort term: an own field, `link.<column>` of the reaching link, or a field through "one" relations. */
function sortValue(seed: QuerySeed, entity: QueryEntityName, item: Reached, field: string, withDeleted: boolean): readonly [unknown, ColumnType] {
  const segments = field.split(".");
  if (segments[0] === "link") return [item.link?.[segments[1] as string] ?? null, OracleLinkTypes[segments[1] as string] as ColumnType];
  let current: Row | undefined = item.record;
  let at = entity;
  for (const name of segments.slice(0, -1)) {
    const relation = OracleRelations[at][name];
    if (!relation) throw new Error(`oracle: no relation ${name} of ${at}`);
    current = current && relation.reach(seed, current, withDeleted)[0]?.record;
    at = relation.to;
  }
  const last = segments[segments.length - 1] as string;
  return [current?.[last] ?? null, columnsOf(at)[last] as ColumnType];
}

function sorted(
  seed: QuerySeed,
  entity: QueryEntityName,
  items: readonly Reached[],
  order: readonly OrderInput[] | undefined,
  withDeleted: boolean,
): Reached[] {
  const terms = [...(order ?? []), "id"].map((input) => {
    const { field, direction = "asc" } = typeof input === "string" ? { field: input } : input;
    return { direction, read: (item: Reached) => sortValue(seed, entity, item, field, withDeleted) };
  });
  return [...items].sort(byTerms(terms));
}

function page<T>(items: readonly T[], skip = 0, take?: number): T[] {
  return items.slice(skip, take === undefined ? undefined : skip + take);
}

function build(seed: QuerySeed, node: Selection, item: Reached, path: string, pages: Record<string, RelationPagination>, withDeleted: boolean): GraphRecord {
  const record: GraphRecord = {};
  for (const field of node.fields) record[field] = oracleOutput(item.record[field] ?? null);
  if (node.linkFields.size > 0 && item.link) record.link = Object.fromEntries([...node.linkFields].map((column) => [column, item.link?.[column] ?? null]));
  for (const [name, child] of node.children) {
    const relation = OracleRelations[node.entity][name];
    if (!relation) throw new Error(`oracle: no relation ${name}`);
    const childPath = path ? `${path}.${name}` : name;
    const options = pages[childPath] ?? {};
    const reached = sorted(seed, child.entity, relation.reach(seed, item.record, withDeleted), relation.list ? options.order : undefined, withDeleted);
    const records = page(reached, options.skip, options.take).map((each) => build(seed, child, each, childPath, pages, withDeleted));
    record[name] = relation.list ? records : (records[0] ?? null);
  }
  return record;
}

/**
 * The result `LinkQuery.graph(query)` must give over `seed`: the matching
 * roots sorted (ties by id) and paged, each with its selected fields and
 * relations, lists sorted and paged per parent.
 *
 * @example expectedGraph(seed, { entity: "product", fields: ["id"], filters: { title: { $like: "%'%" } } }).data
 */
export function expectedGraph(seed: QuerySeed, query: GraphQuery): GraphResult {
  const entity = query.entity as QueryEntityName;
  const withDeleted = query.withDeleted === true;
  const roots = seed[entity]
    .filter((row: Row) => withDeleted || row.deleted_at === null)
    .filter((row: Row) => matches(seed, entity, row, (query.filters ?? {}) as Row, withDeleted))
    .map((record: Row): Reached => ({ record, link: undefined }));
  const { skip = 0, take, relations = {} } = query.pagination ?? {};
  const tree = selectionOf(entity, query.fields ?? ["*"]);
  const data = page(sorted(seed, entity, roots, query.order, withDeleted), skip, take).map((item) => build(seed, tree, item, "", relations, withDeleted));
  return { data, metadata: { count: roots.length, skip, take: take ?? null } };
}
