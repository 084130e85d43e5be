import { LinkInputError } from "@modlink/core";
import type { Redis } from "ioredis";
import { DEFAULT_STREAM } from "./bus-config";
import { readLinkEvents } from "./read-link-events";
import type { LinkStreamEvent } from "./stream-entry";

/**
 * Where a consumer is: the last entry it read, and the last position it
 * took with the event names taken at that position. Save it with your own
 * work and pass it back as `from` to resume.
 */
export interface ReaderCheckpoint {
  readonly entryId: string;
  readonly position: string;
  readonly names: readonly string[];
}

export interface DedupingReaderConfig {
  readonly redis: Redis;
  /** The stream's key. Default `"modlink:links"`. */
  readonly stream?: string;
  /** A checkpoint saved earlier; default: the stream's start. */
  readonly from?: ReaderCheckpoint;
}

/**
 * Reads a stream's events and drops repeats, as consumers of at-least-once
 * delivery must. Positions increase along the feed and a relay sends a batch
 * again from its start, so a repeat is an event whose position is below the
 * last one taken, or equal to it with a name already taken (a change has up
 * to two events, modlink's and Medusa's, with one position).
 *
 * @example
 * const reader = new DedupingReader({ redis, from: await loadCheckpoint() })
 * for (;;) {
 *   const events = await reader.read()     // [] once caught up
 *   for (const event of events) await handle(event)
 *   await saveCheckpoint(reader.checkpoint)
 * }
 */
export class DedupingReader {
  readonly #redis: Redis;
  readonly #stream: string;
  #entryId: string | undefined;
  #position = -1n;
  #names = new Set<string>();

  constructor(config: DedupingReaderConfig) {
    this.#redis = config.redis;
    this.#stream = config.stream ?? DEFAULT_STREAM;
    if (config.from) {
      const { entryId, position, names } = config.from;
      if (!/^\d+-\d+$/.test(entryId) || !/^\d+$/.test(position) || !Array.isArray(names)) {
        throw new LinkInputError(
          "INVALID_INPUT",
          "DedupingReader: from must be a checkpoint the reader gave (reader.checkpoint), saved as it was.",
          config.from,
        );
      }
      this.#entryId = config.from.entryId;
      this.#position = BigInt(config.from.position);
      this.#names = new Set(config.from.names);
    }
  }

  /** Where the reader is; undefined before it read anything. */
  get checkpoint(): ReaderCheckpoint | undefined {
    if (this.#entryId === undefined) return undefined;
    return { entryId: this.#entryId, position: String(this.#position), names: [...this.#names] };
  }

  /**
   * The next events not taken before, in stream order; reads on past pages
   * of repeats only, so `[]` means the reader is at the stream's end.
   */
  async read(options: { readonly count?: number } = {}): Promise<LinkStreamEvent[]> {
    for (;;) {
      const entries = await readLinkEvents(this.#redis, { stream: this.#stream, after: this.#entryId, count: options.count });
      const fresh = entries.filter((event) => this.#take(event));
      if (fresh.length > 0 || entries.length === 0) return fresh;
    }
  }

  /** Moves past `event`; true when it was not taken before. */
  #take(event: LinkStreamEvent): boolean {
    this.#entryId = event.entryId;
    const position = BigInt(event.metadata.position);
    if (position < this.#position || (position === this.#position && this.#names.has(event.name))) return false;
    if (position > this.#position) this.#names = new Set();
    this.#position = position;
    this.#names.add(event.name);
    return true;
  }
}
