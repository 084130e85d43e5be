import { LinkDefinitionError, LinkStoreError } from "./errors";
import { type EventBus, type LinkEventMessage, linkEventsOf } from "./link-events";
import type { LinkStore } from "./link-store";
import type { ChangesPage, LinkChange } from "./read-changes";
import { isValidName } from "./naming";

/** What a relay reads from: a `RemoteLink` (its `changes`), typed loosely so any RemoteLink fits. */
export interface ChangeSource {
  changes(options?: { readonly after?: string; readonly limit?: number }): Promise<ChangesPage>;
}

export interface FeedRelayConfig {
  /** The RemoteLink whose feed is relayed. */
  readonly remoteLink: ChangeSource;
  /** The store of that RemoteLink: it keeps the relay's cursor (`loadFeedCursor`, `saveFeedCursor`). */
  readonly store: LinkStore;
  readonly eventBus: EventBus;
  /** The consumer's name, under which its cursor is kept; one relay per name at a time. Default "events". */
  readonly consumer?: string;
  /** Changes per batch, 1 to 10,000. Default 500. */
  readonly batchSize?: number;
  /** Pause between polls when the feed had nothing new, in ms. Default 500. */
  readonly idleMs?: number;
  /** Called when a batch fails (the relay retries it after `idleMs`); default: console.error. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Publishes the change feed to an event bus: reads a batch after its saved
 * cursor, emits each change's events (`linkEventsOf`), then saves the
 * cursor. Only committed changes are in the feed, so nothing is published
 * for work that rolled back. Delivery is at least once: a relay stopped
 * after emitting and before saving emits that batch again when it resumes,
 * so consumers dedupe on `metadata.position`.
 *
 * @example
 * const relay = new FeedRelay({ remoteLink, store, eventBus })
 * relay.start()      // polls until stop()
 * await relay.stop()
 */
export class FeedRelay {
  readonly #config: Required<Omit<FeedRelayConfig, "onError">> & Pick<FeedRelayConfig, "onError">;
  #running: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;

  constructor(config: FeedRelayConfig) {
    const consumer = config.consumer ?? "events";
    const batchSize = config.batchSize ?? 500;
    const idleMs = config.idleMs ?? 500;
    const refuse = (message: string) => new LinkDefinitionError("INVALID_DEFINITION", message);
    if (!isValidName(consumer)) throw refuse(`FeedRelay's consumer is ${JSON.stringify(consumer)}; use a name of letters, digits and underscores.`);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw refuse("FeedRelay's batchSize must be an integer from 1 to 10,000.");
    if (!Number.isInteger(idleMs) || idleMs < 1 || idleMs > 3_600_000) throw refuse("FeedRelay's idleMs must be an integer from 1 to 3,600,000.");
    if (typeof config.eventBus?.emit !== "function") throw refuse("FeedRelay needs an eventBus with emit(messages).");
    const { store } = config;
    if (store.capabilities.changeFeed !== true || typeof store.loadFeedCursor !== "function" || typeof store.saveFeedCursor !== "function") {
      throw new LinkStoreError("MISSING_CAPABILITY", "FeedRelay needs a store with its change feed on (changeFeed: true), which keeps consumer cursors.");
    }
    this.#config = { ...config, consumer, batchSize, idleMs };
  }

  /**
   * One batch: publishes the changes after the saved cursor (at most
   * `batchSize`) and saves the cursor after them. Returns the changes
   * published; 0 when the feed had nothing new.
   */
  async relayOnce(): Promise<number> {
    const { remoteLink, store, eventBus, consumer, batchSize } = this.#config;
    const after = (await (store.loadFeedCursor as (name: string) => Promise<string | null>).call(store, consumer)) ?? "0";
    const { changes, cursor } = await remoteLink.changes({ after, limit: batchSize });
    if (changes.length === 0) return 0;
    await eventBus.emit(changes.flatMap((change: LinkChange): LinkEventMessage[] => linkEventsOf(change)));
    await (store.saveFeedCursor as (name: string, position: string) => Promise<void>).call(store, consumer, cursor);
    return changes.length;
  }

  /** Relays until `stop()`: batch after batch while there are changes, then a poll every `idleMs`. */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
  }

  /** Stops after the batch in flight (whose cursor it saves); resolves once stopped. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#running;
    this.#running = undefined;
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
      } catch (error) {
        (this.#config.onError ?? ((e: unknown) => console.error("[modlink] feed relay:", e)))(error);
      }
      if (relayed === 0 && !this.#stopping) await this.#pause();
    }
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#config.idleMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
