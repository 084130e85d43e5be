import { type EventBus, type LinkEventMessage, LinkStoreError } from "@modlink/core";
import { Redis } from "ioredis";
import { type BusConfig, type RedisStreamsEventBusConfig, resolveBusConfig } from "./bus-config";
import { maskRedisUrl, redisFailure } from "./redis-failure";
import { entryFieldsOf } from "./stream-entry";

/** Shown in `CLIENT LIST` for the clients the bus opens itself. */
const CONNECTION_NAME = "modlink-event-bus";

/**
 * Publishes modlink's link events to a Redis stream, for `FeedRelay`. Each
 * `emit` appends every message as one entry (`name`, `data` as JSON,
 * `position`, `source`) in one MULTI/EXEC sent in one round trip, so an emit
 * lands whole or not at all. Delivery is at least once: consumers drop
 * repeats by position (`DedupingReader`).
 *
 * @example
 * const eventBus = new RedisStreamsEventBus({ url: "redis://127.0.0.1:6379", maxLength: 100_000 })
 * const relay = new FeedRelay({ remoteLink, store, eventBus })
 * relay.start()
 * // on shutdown: await relay.stop(); await eventBus.close()
 */
export class RedisStreamsEventBus implements EventBus {
  readonly #config: BusConfig;
  /** The client the bus opened from `url`, from its first emit on. */
  #ownClient: Redis | undefined;
  #connecting: Promise<void> | undefined;
  /** What the bus's own client last failed with: ioredis's rejections only say "Connection is closed". */
  #lastError: Error | undefined;
  #closed = false;

  constructor(config: RedisStreamsEventBusConfig) {
    this.#config = resolveBusConfig(config);
  }

  /** The stream's key. */
  get stream(): string {
    return this.#config.stream;
  }

  async emit(messages: readonly LinkEventMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const redis = await this.#ready();
    const { stream, maxLength } = this.#config;
    const trim = maxLength === undefined ? [] : ["MAXLEN", "~", String(maxLength)];
    const transaction = redis.multi();
    for (const message of messages) transaction.xadd(stream, ...trim, "*", ...entryFieldsOf(message));
    let replies: [error: Error | null, result: unknown][] | null;
    try {
      replies = await transaction.exec();
    } catch (error) {
      throw this.#failure(error);
    }
    // null: EXEC aborted because a key the caller WATCHes on its client changed; nothing was appended.
    if (replies === null) throw new LinkStoreError("STORE_FAILURE", `Redis aborted the transaction on stream "${stream}" (a WATCHed key changed).`);
    const failed = replies.find(([error]) => error !== null);
    if (failed) throw this.#failure(failed[0]);
  }

  /** Closes the client the bus opened from `url`; a client you passed stays open (it is yours). */
  async close(): Promise<void> {
    this.#closed = true;
    const redis = this.#ownClient;
    if (redis === undefined) return;
    if (redis.status === "ready") await redis.quit();
    else redis.disconnect();
  }

  async #ready(): Promise<Redis> {
    if (this.#closed) throw new LinkStoreError("CONNECTION_FAILED", `This RedisStreamsEventBus (${this.#label()}) is closed; make a new one.`);
    const { client } = this.#config;
    if (client.owner === "caller") return client.redis;
    if (this.#ownClient === undefined) {
      // No offline queue: while the server is away an emit fails at once, and the relay sends it again later.
      const redis = new Redis(client.url, { lazyConnect: true, enableOfflineQueue: false, connectionName: CONNECTION_NAME });
      redis.on("error", (error: Error) => (this.#lastError = error));
      redis.on("ready", () => (this.#lastError = undefined));
      this.#ownClient = redis;
      this.#connecting = redis.connect();
    }
    if (this.#connecting) {
      try {
        await this.#connecting;
      } catch (error) {
        // The client goes on reconnecting by itself; later emits use it once it is back.
        throw this.#failure(error);
      } finally {
        this.#connecting = undefined;
      }
    }
    return this.#ownClient;
  }

  #failure(error: unknown): LinkStoreError {
    return redisFailure(this.#label(), error, this.#lastError);
  }

  #label(): string {
    const { client } = this.#config;
    if (client.owner === "bus") return maskRedisUrl(client.url);
    const { host, port } = client.redis.options;
    return `${host ?? "localhost"}:${port ?? 6379}`;
  }
}
