import { type ChangesPage, type LinkChange, MAX_CHANGES_PER_READ } from "@modlink/core";
import type { SuiteContext } from "./suite-context";

/*
 * Tests share one store and so one feed: each reads the feed to its end
 * first, then looks only at what comes after that cursor.
 */

type FeedReader = Pick<SuiteContext["remoteLink"], "changes">;

/** Every change after `after`, read page by page until a page comes back empty, and the cursor to read on from. */
export async function readToEnd(remoteLink: FeedReader, after = "0"): Promise<ChangesPage> {
  const changes: LinkChange[] = [];
  let cursor = after;
  for (;;) {
    const page = await remoteLink.changes({ after: cursor, limit: MAX_CHANGES_PER_READ });
    if (page.changes.length === 0) return { changes, cursor };
    const first = page.changes[0]?.position ?? cursor;
    // Fail rather than loop for ever on a store that returns changes again.
    if (BigInt(first) <= BigInt(cursor)) throw new Error(`changes({ after: "${cursor}" }) returned position ${first}: it must return only later changes.`);
    for (const change of page.changes) changes.push(change);
    cursor = page.cursor;
  }
}

/** The cursor after every change so far. */
export async function feedEnd(remoteLink: FeedReader): Promise<string> {
  return (await readToEnd(remoteLink)).cursor;
}

/** Every change after `after`. */
export async function changesAfter(remoteLink: FeedReader, after: string): Promise<readonly LinkChange[]> {
  return (await readToEnd(remoteLink, after)).changes;
}

/** The positions of `count` changes right after `after`: each exactly one more than the one before. */
export function positionsAfter(after: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => String(BigInt(after) + BigInt(index + 1)));
}

/** Changes (or rows) ordered by link row id, for calls that change several rows in no promised order. */
export function byRowId<T extends { readonly id?: string | undefined }>(items: readonly T[]): T[] {
  const idOf = (item: T) => item.id ?? "";
  return [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
}
