import { CREATE_SLICE, wholeInputs } from "./input-slices";
import { LinkInputError, LinkStoreError } from "./errors";
import { forEachGroup } from "./group-by";
import type { LinkGraph } from "./link-graph";
import type { LinkPair, LinkStoreTransaction, NewLink, StoredLink, WrittenLink } from "./link-store";
import type { LinkTable } from "./link-table";
import { planCreate } from "./plan-writes";
import { toLinkRow } from "./format-link";
import type { CreatedLink, DismissedLink } from "./written-links";

/*
 * `create` and `dismiss` with `returnLinks`: the same writes, through the
 * store's returning variants, shaped as `list()` rows. Kept apart from the
 * plain paths, which return no rows and stay one statement.
 */

/** What `create(..., { returnLinks: true })` writes: one slice given at once, never a stream (its rows would all be held). */
export function planCreateReturning(graph: LinkGraph, input: unknown): Map<LinkTable, NewLink[]> {
  const whole = wholeInputs(input, "create");
  if (!whole) {
    throw new LinkInputError(
      "INVALID_INPUT",
      `create() with returnLinks takes one input or an array of at most ${CREATE_SLICE.toLocaleString("en-US")}, not a stream or a larger array: ` +
        "it would hold every row it returns. Drop returnLinks for bulk creates, or split the call and read the rows back with list().",
      undefined,
    );
  }
  return planCreate(graph, whole);
}

/** Upserts each table's links and returns every pair's row, table by table, each in the order given. */
export async function upsertReturning(tx: LinkStoreTransaction, plan: Map<LinkTable, NewLink[]>): Promise<CreatedLink[]> {
  const upsert = tx.upsertLinksReturning?.bind(tx);
  if (!upsert) throw missing("create", "upsertLinksReturning");
  const created: CreatedLink[] = [];
  await forEachGroup(plan, async (table, links) => {
    const written = inPairOrder(links, await upsert(table, links), table);
    for (const link of written) created.push({ link: table.name, outcome: link.outcome, row: toLinkRow(table, link) });
  });
  return created;
}

/** Dismisses each table's pairs and returns the rows it dismissed, table by table, each in the order given. */
export async function dismissReturning(tx: LinkStoreTransaction, plan: Map<LinkTable, LinkPair[]>): Promise<DismissedLink[]> {
  const dismiss = tx.dismissLinksReturning?.bind(tx);
  if (!dismiss) throw missing("dismiss", "dismissLinksReturning");
  const dismissed: DismissedLink[] = [];
  await forEachGroup(plan, async (table, pairs) => {
    const rows = await dismiss(table, pairs);
    const byPair = new Map(rows.map((row) => [pairKey(row), row]));
    const seen = new Set<string>();
    for (const pair of pairs) {
      const key = pairKey(pair);
      const row = byPair.get(key);
      // A pair given twice was dismissed once.
      if (row && !seen.has(key)) dismissed.push({ link: table.name, row: toLinkRow(table, row) });
      seen.add(key);
    }
  });
  return dismissed;
}

/** The store's rows in the order of `links`, each pair exactly once: a store that lost or invented one is a bug to report, not to hide. */
function inPairOrder(links: readonly NewLink[], written: readonly WrittenLink[], table: LinkTable): WrittenLink[] {
  const byPair = new Map(written.map((link) => [pairKey(link), link]));
  return links.map((link) => {
    const found = byPair.get(pairKey(link));
    if (!found) {
      throw new LinkStoreError(
        "STORE_FAILURE",
        `The store returned no row for the pair (${link.left}, ${link.right}) of link ${table.label} it was asked to create.`,
      );
    }
    return found;
  });
}

function pairKey(pair: LinkPair | StoredLink): string {
  // Ids are non-empty text without NUL (`isId`), so the join cannot be ambiguous.
  return `${pair.left}\0${pair.right}`;
}

function missing(method: string, storeMethod: string): LinkStoreError {
  return new LinkStoreError(
    "MISSING_CAPABILITY",
    `${method}() with returnLinks needs a store whose transactions implement ${storeMethod}; this one does not. Drop returnLinks, or read the rows with list().`,
  );
}
