import { LIST_OPTION_NAMES, MAX_LIST_SKIP, MAX_LIST_TAKE } from "./call-options";
import { LinkInputError } from "./errors";
import { describe } from "./extra-column-values";
import { type LinkAsDefinition, type LinkRow, toLinkAsDefinition, toLinkRow } from "./format-link";
import { groupBy } from "./group-by";
import { isId } from "./input-guards";
import type { LinkStoreTransaction } from "./link-store";
import type { StoredLink } from "./link-store-values";
import { readFlag, readOptions } from "./option-names";
import type { ListSelection } from "./parse-records";

/** A page of a list: `skip` links left out, then at most `take`, all with ids after `after`. */
interface ListPage {
  readonly take: number;
  readonly skip: number;
  readonly after: string | undefined;
}

/** `list`'s options, checked: every name known, every value of its type and within its bounds. */
export interface ListRequest {
  readonly asLinkDefinition: boolean;
  readonly withDeleted: boolean;
  /** Undefined when no `take`, `skip` or `after` was given: every matching link. */
  readonly page: ListPage | undefined;
}

export function readListOptions(options: unknown): ListRequest {
  const given = readOptions(options, "list()'s options", LIST_OPTION_NAMES);
  const asLinkDefinition = readFlag(given, "asLinkDefinition", "list()");
  const withDeleted = readFlag(given, "withDeleted", "list()");
  if (given.take === undefined && given.skip === undefined && given.after === undefined) return { asLinkDefinition, withDeleted, page: undefined };
  const take = given.take === undefined ? MAX_LIST_TAKE : boundedInteger(given.take, "take", 1, MAX_LIST_TAKE);
  const skip = given.skip === undefined ? 0 : boundedInteger(given.skip, "skip", 0, MAX_LIST_SKIP);
  if (given.after !== undefined && !isId(given.after)) {
    throw new LinkInputError(
      "INVALID_INPUT",
      `The option after of list() is ${describe(given.after)}; pass the id of the last link of the previous page.`,
      given.after,
    );
  }
  return { asLinkDefinition, withDeleted, page: { take, skip, after: given.after } };
}

/**
 * Lists the links of `selections`: each link once, rows or input shapes as
 * asked. A page reads at most `skip + take` links per selection, ordered by
 * id in every store, and merges them: its cost is bounded by the page, not
 * by how many links match.
 */
export async function listLinks(
  tx: LinkStoreTransaction,
  selections: readonly ListSelection[],
  request: ListRequest,
): Promise<Array<LinkRow | LinkAsDefinition>> {
  const { page } = request;
  // One selection cannot repeat a link, so rows a store reads in the returned shape need no second pass.
  const only = selections.length === 1 ? selections[0] : undefined;
  if (only && !page && !request.asLinkDefinition && tx.listRows) return tx.listRows(only.table, only.filter);
  const found: { selection: ListSelection; link: StoredLink }[] = [];
  const seen = new Set<string>();
  for (const selection of selections) {
    const filter = page ? { ...selection.filter, after: page.after, limit: page.skip + page.take } : selection.filter;
    for (const link of await tx.listLinks(selection.table, filter)) {
      if (seen.has(link.id)) continue;
      seen.add(link.id);
      found.push({ selection, link });
    }
  }
  const chosen = page ? found.sort((a, b) => compareIds(a.link.id, b.link.id)).slice(page.skip, page.skip + page.take) : found;
  return chosen.map(({ selection, link }) =>
    request.asLinkDefinition ? toLinkAsDefinition(selection.definition, link) : toLinkRow(selection.definition, link),
  );
}

/** Code-unit order, the order `LinkFilter.after` and every store's pages use. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Folds selections of one table that constrain the same single side into
 * one, so listing 1,000 records is one statement, not 1,000.
 */
export function mergeSelections(selections: readonly ListSelection[]): ListSelection[] {
  const merged: ListSelection[] = [];
  for (const [, sameTable] of groupBy(selections, (s) => s.table)) {
    const oneSided = groupBy(
      sameTable.filter((s) => (s.filter.left === undefined) !== (s.filter.right === undefined)),
      (s) => (s.filter.left ? "left" : "right"),
    );
    for (const [side, group] of oneSided) {
      const first = group[0] as ListSelection;
      const ids = [...new Set(group.flatMap((s) => s.filter[side] ?? []))];
      merged.push({ ...first, filter: { ...first.filter, [side]: ids } });
    }
    merged.push(...sameTable.filter((s) => (s.filter.left === undefined) === (s.filter.right === undefined)));
  }
  return merged;
}

function boundedInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new LinkInputError("INVALID_INPUT", `The option ${name} of list() is ${describe(value)}; pass an integer from ${min} to ${max}.`, value);
}
