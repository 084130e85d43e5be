import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

/** The Redis the suites test against: REDIS_URL, else 127.0.0.1:6379. */
export function redisServerUrl(): string {
  return process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
}

/** Keys of their own on the test server for one test file. */
export interface FreshRedis {
  readonly url: string;
  /** Every key of the file starts with it: `modlink:test:<suite>:<random>`. */
  readonly prefix: string;
  /** A key of the file's own: `<prefix>:<name>`. */
  key(name: string): string;
  /** A new client on the server; closed by `drop`. */
  connect(): Redis;
  /** Deletes every key under `prefix` and closes the clients made here. */
  drop(): Promise<void>;
}

function quietClient(url: string): Redis {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 5_000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  // Failures reach the test through the commands; ioredis would also print each one as an unhandled event.
  redis.on("error", () => {});
  return redis;
}

/**
 * Keys of its own for the calling test file. When no server answers it
 * prints one loud line and returns undefined, so the file's Redis tests
 * skip; with CI=true it throws instead: CI requires the server.
 *
 * @example
 * const redis = await freshRedis("events")   // top level of the test file
 * describe.skipIf(!redis)("on Redis", () => { ... })
 */
export async function freshRedis(suite: string): Promise<FreshRedis | undefined> {
  const url = redisServerUrl();
  const admin = quietClient(url);
  // ioredis rejects with "Connection is closed." alone; the socket's error says why.
  let socketError: Error | undefined;
  admin.once("error", (error: Error) => (socketError = error));
  try {
    await admin.connect();
    await admin.ping();
  } catch (error) {
    admin.disconnect();
    const why = socketError?.message ?? (error instanceof Error ? error.message : String(error));
    const reason = `Redis at ${url.replace(/:[^:@/]*@/, ":***@")} is unreachable (${why})`;
    if (process.env.CI === "true") throw new Error(`${reason}; CI requires it.`, { cause: error });
    console.warn(`\n!!! SKIPPING ${suite} tests against Redis: ${reason}. Start redis-server or set REDIS_URL to run them. !!!\n`);
    return undefined;
  }
  const prefix = `modlink:test:${suite}:${randomBytes(6).toString("hex")}`;
  const clients: Redis[] = [];
  return {
    url,
    prefix,
    key: (name) => `${prefix}:${name}`,
    connect() {
      const client = quietClient(url);
      clients.push(client);
      return client;
    },
    async drop() {
      try {
        const keys: string[] = [];
        let cursor = "0";
        do {
          const [next, batch] = await admin.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
          keys.push(...batch);
          cursor = next;
        } while (cursor !== "0");
        if (keys.length > 0) await admin.del(...keys);
      } finally {
        for (const client of [...clients, admin]) client.disconnect();
      }
    },
  };
}
