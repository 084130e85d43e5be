import { LinkInputError } from "@modlink/core";
import type { Redis } from "ioredis";
import { DEFAULT_STREAM } from "./bus-config";
import { type LinkStreamEvent, linkEventOfEntry } from "./stream-entry";

/** Entries per read unless told otherwise. */
export const DEFAULT_ENTRIES_PER_READ = 100;
const MAX_ENTRIES_PER_READ = 10_000;

export interface ReadLinkEventsOptions {
  /** The stream's key. Default `"modlink:links"`. */
  readonly stream?: string;
  /** Reads the entries after this entry id (`LinkStreamEvent.entryId`); default: from the start. */
  readonly after?: string;
  /** At most this many entries, 1 to 10,000. Default 100. */
  readonly count?: number;
}

/**
 * One page of a stream's events, in stream order (XRANGE), repeats
 * included: with at-least-once delivery an event can be in the stream more
 * than once. `DedupingReader` drops the repeats.
 *
 * @example
 * const events = await readLinkEvents(redis, { after: lastEntryId })
 * for (const event of events) console.log(event.entryId, event.metadata.position, event.name)
 */
export async function readLinkEvents(redis: Redis, options: ReadLinkEventsOptions = {}): Promise<LinkStreamEvent[]> {
  const { stream = DEFAULT_STREAM, after, count = DEFAULT_ENTRIES_PER_READ } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_ENTRIES_PER_READ) {
    throw new LinkInputError("INVALID_INPUT", `readLinkEvents: count is ${JSON.stringify(count)}; use a whole number from 1 to 10,000.`, options);
  }
  if (after !== undefined && !/^\d+-\d+$/.test(after)) {
    throw new LinkInputError("INVALID_INPUT", `readLinkEvents: after is ${JSON.stringify(after)}; pass an entry id such as "1700000000000-0".`, options);
  }
  // "(" makes the start exclusive (Redis 6.2 and later).
  const entries = await redis.xrange(stream, after === undefined ? "-" : `(${after}`, "+", "COUNT", count);
  return entries.map((entry) => linkEventOfEntry(stream, entry));
}
