import { LinkDefinitionError } from "@modlink/core";
import type { Redis } from "ioredis";
import { maskRedisUrl } from "./redis-failure";

/** The stream modlink's events go to unless told otherwise. */
export const DEFAULT_STREAM = "modlink:links";

interface StreamOptions {
  /** The stream's key. Default `"modlink:links"`. */
  readonly stream?: string;
  /** Trims the stream to about this many entries (`XADD MAXLEN ~`); default: never trimmed. */
  readonly maxLength?: number;
}

/**
 * Where the bus writes: either your ioredis client (you close it), or a URL
 * (the bus opens the client on the first `emit` and closes it in `close()`).
 */
export type RedisStreamsEventBusConfig = StreamOptions &
  ({ readonly redis: Redis; readonly url?: undefined } | { readonly url: string; readonly redis?: undefined });

/** The client the bus writes through, by who owns it. */
export type BusClient = { readonly owner: "caller"; readonly redis: Redis } | { readonly owner: "bus"; readonly url: string };

/** The one internal shape of a bus's configuration. */
export interface BusConfig {
  readonly client: BusClient;
  readonly stream: string;
  readonly maxLength: number | undefined;
}

const OPTION_NAMES = ["redis", "url", "stream", "maxLength"] as const;

function refuse(message: string): LinkDefinitionError {
  return new LinkDefinitionError("INVALID_DEFINITION", `RedisStreamsEventBus: ${message}`);
}

function clientOf(config: RedisStreamsEventBusConfig): BusClient {
  const { redis, url } = config;
  if ((redis === undefined) === (url === undefined)) {
    throw refuse("give either redis (an ioredis client you own) or url (redis://host:6379), exactly one of them.");
  }
  if (redis !== undefined) {
    if (typeof redis?.multi !== "function" || typeof redis.xadd !== "function") throw refuse("redis must be an ioredis client (new Redis(...)).");
    return { owner: "caller", redis };
  }
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (typeof url !== "string" || (protocol !== "redis:" && protocol !== "rediss:")) {
    throw refuse(`url is ${JSON.stringify(typeof url === "string" ? maskRedisUrl(url) : url)}; use redis://[:password@]host:6379[/db] or rediss://...`);
  }
  return { owner: "bus", url };
}

/** Checks a bus's options once, at the public edge, into a frozen `BusConfig`. */
export function resolveBusConfig(config: RedisStreamsEventBusConfig): BusConfig {
  if (typeof config !== "object" || config === null) throw refuse("pass an options object: { redis } or { url }.");
  const unknown = Object.keys(config).filter((name) => !(OPTION_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw refuse(`it has no option ${JSON.stringify(unknown[0])}; its options are ${OPTION_NAMES.join(", ")}.`);
  const stream = config.stream ?? DEFAULT_STREAM;
  if (typeof stream !== "string" || stream.trim() === "") throw refuse(`stream is ${JSON.stringify(stream)}; use a non-empty key such as "modlink:links".`);
  const { maxLength } = config;
  if (maxLength !== undefined && (!Number.isSafeInteger(maxLength) || maxLength < 1)) {
    throw refuse(`maxLength is ${JSON.stringify(maxLength)}; use a whole number of entries of at least 1, or leave it out to keep every entry.`);
  }
  return Object.freeze({ client: Object.freeze(clientOf(config)), stream, maxLength });
}
