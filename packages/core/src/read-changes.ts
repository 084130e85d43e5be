import { type ChangeOperation, MAX_CHANGES_PER_READ, type StoredChange } from "./change-feed";
import type { AnyLinkDefinition } from "./define-link";
import { LinkInputError, LinkStoreError } from "./errors";
import { describe } from "./extra-column-values";
import { isPlainObject } from "./input-guards";
import type { LinkGraph } from "./link-graph";
import type { LinkStore } from "./link-store";

/** Changes read when `limit` is not given. */
export const DEFAULT_CHANGES_PER_READ = 100;

/** Options of `RemoteLink.changes`. */
export interface ChangesOptions<D extends AnyLinkDefinition = AnyLinkDefinition> {
  /** The cursor of the previous read: changes after it. Omitted or "0": from the first. */
  readonly after?: string;
  /** At most this many changes, from 1 to `MAX_CHANGES_PER_READ`; default 100. */
  readonly limit?: number;
  /** Only changes of these links; omitted: every link. */
  readonly links?: readonly D[];
}

/** One changed link row, as `RemoteLink.changes` returns it. */
export interface LinkChange {
  /** Where it is in the feed: dense, increasing; the idempotency key of consumers. */
  readonly position: string;
  /** The link's table name, which names the link. */
  readonly link: string;
  readonly operation: ChangeOperation;
  /** The link row's id. */
  readonly id: string;
  /** Both record ids under their columns, as `list()` rows have them: `{ product_id, brand_id }`. */
  readonly keys: Readonly<Record<string, string>>;
  /** Extra-column values: all of them when created, those given when revived or updated; else null. */
  readonly data: Readonly<Record<string, unknown>> | null;
  /** The cascade's deletion for `deleted` and `restored`; null otherwise. */
  readonly deletionId: string | null;
  readonly at: Date;
}

/** What `RemoteLink.changes` returns. */
export interface ChangesPage {
  readonly changes: readonly LinkChange[];
  /** Pass it as `after` to read on: the last change's position, or the given cursor when there was none. */
  readonly cursor: string;
}

/** Positions are bigints: at most 19 digits, no sign, no leading zeros. */
const POSITION = /^(0|[1-9][0-9]{0,18})$/;

/** The greatest position a store can hold: PostgreSQL's bigint. */
const MAX_POSITION = 2n ** 63n - 1n;

const OPTION_NAMES = new Set(["after", "limit", "links"]);

/** Reads one page of the store's feed for `RemoteLink.changes`, after checking every option. */
export async function readChanges(graph: LinkGraph, store: LinkStore, options: unknown): Promise<ChangesPage> {
  const { after, limit, links } = checkedOptions(graph, options);
  if (store.capabilities.changeFeed !== true || typeof store.readChanges !== "function") {
    throw new LinkStoreError(
      "MISSING_CAPABILITY",
      "This link store keeps no change feed. Turn it on where the store is made (e.g. new KnexLinkStore({ knex, changeFeed: true })) and sync.",
    );
  }
  const stored = await store.readChanges({ after: after === "0" ? null : after, limit, tables: links.map((link) => graph.tableOf(link)) });
  const byTable = new Map(links.map((link) => [link.table, link]));
  const changes = stored.map((change) => toLinkChange(byTable.get(change.table), change));
  return { changes, cursor: changes.at(-1)?.position ?? after };
}

function toLinkChange(definition: AnyLinkDefinition | undefined, change: StoredChange): LinkChange {
  if (!definition) throw new LinkStoreError("STORE_FAILURE", `The store returned a change of table "${change.table}", which was not asked for.`);
  return {
    position: change.position,
    link: change.table,
    operation: change.operation,
    id: change.linkId,
    keys: { [definition.left.column]: change.left, [definition.right.column]: change.right },
    data: change.data,
    deletionId: change.deletionId,
    at: change.at,
  };
}

function checkedOptions(graph: LinkGraph, options: unknown): { after: string; limit: number; links: readonly AnyLinkDefinition[] } {
  if (options === undefined) return { after: "0", limit: DEFAULT_CHANGES_PER_READ, links: graph.definitions };
  if (!isPlainObject(options)) throw invalid(`The options of changes() are ${describe(options)}; pass { after?, limit?, links? }.`, options);
  const unknown = Object.keys(options).find((name) => !OPTION_NAMES.has(name));
  if (unknown !== undefined) throw invalid(`changes() has no option ${JSON.stringify(unknown.slice(0, 40))}; it takes after, limit and links.`, options);
  const { after = "0", limit = DEFAULT_CHANGES_PER_READ, links } = options as ChangesOptions;
  if (typeof after !== "string" || !POSITION.test(after) || BigInt(after) > MAX_POSITION) {
    throw invalid(`after is ${describe(after)}; pass the cursor a previous changes() returned (a decimal integer as a string), or "0".`, after);
  }
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES_PER_READ) {
    throw invalid(`limit is ${describe(limit)}; pass an integer from 1 to ${MAX_CHANGES_PER_READ}.`, limit);
  }
  return { after, limit, links: links === undefined ? graph.definitions : checkedLinks(graph, links) };
}

function checkedLinks(graph: LinkGraph, links: unknown): readonly AnyLinkDefinition[] {
  if (!Array.isArray(links) || links.length === 0 || links.length > graph.definitions.length) {
    throw invalid(`links is ${describe(links)}; pass a non-empty array of this RemoteLink's link definitions, or leave it out.`, links);
  }
  const known = new Set(graph.definitions);
  const stranger = links.find((link) => !known.has(link as AnyLinkDefinition));
  if (stranger !== undefined) {
    const name = isPlainObject(stranger) && typeof stranger.table === "string" ? `the link of table "${stranger.table.slice(0, 63)}"` : describe(stranger);
    throw new LinkInputError("UNKNOWN_LINK", `links names ${name}, which this RemoteLink was not given; pass the definitions it was made with.`, stranger);
  }
  return [...new Set(links as AnyLinkDefinition[])];
}

function invalid(message: string, input: unknown): LinkInputError {
  return new LinkInputError("INVALID_INPUT", message, input);
}
