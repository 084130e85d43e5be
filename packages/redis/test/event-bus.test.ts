import { type LinkEventMessage, LinkError } from "@modlink/core";
import { freshRedis } from "@modlink/test-support";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisStreamsEventBus, type RedisStreamsEventBusConfig, readLinkEvents } from "../src";

const server = await freshRedis("redis_bus");
afterAll(() => server?.drop());

function message(position: number, name = "link.created"): LinkEventMessage {
  return {
    name,
    data: { id: `pb_${position}`, product_id: `p${position}`, brand_id: "b1", big: 2n ** 60n },
    metadata: { position: String(position), source: "modlink" },
  };
}

async function captureError(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("RedisStreamsEventBus options", () => {
  const refused: [string, unknown][] = [
    ["neither redis nor url", {}],
    ["both redis and url", { url: "redis://127.0.0.1:6379", redis: {} }],
    ["a redis that is no ioredis client", { redis: { xadd: 1 } }],
    ["a url of another scheme", { url: "postgres://app:s3cret@db:5432/x" }],
    ["an empty stream", { url: "redis://127.0.0.1:6379", stream: " " }],
    ["a maxLength below 1", { url: "redis://127.0.0.1:6379", maxLength: 0 }],
    ["a fractional maxLength", { url: "redis://127.0.0.1:6379", maxLength: 1.5 }],
    ["an unknown option", { url: "redis://127.0.0.1:6379", maxLen: 10 }],
  ];
  it.each(refused)("refuses %s with INVALID_DEFINITION", (_, config) => {
    const error = (() => {
      try {
        new RedisStreamsEventBus(config as RedisStreamsEventBusConfig);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({ code: "INVALID_DEFINITION" });
    expect((error as Error).message).not.toContain("s3cret");
  });

  it("an unreachable url is CONNECTION_FAILED naming the url without its password, emit after emit", async () => {
    const bus = new RedisStreamsEventBus({ url: "redis://app:s3cret@127.0.0.1:1/0" });
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await captureError(() => bus.emit([message(1)]));
        expect(error).toMatchObject({ code: "CONNECTION_FAILED" });
        expect((error as Error).message).toContain("redis://app:***@127.0.0.1:1/0");
        expect((error as Error).message).not.toContain("s3cret");
      }
    } finally {
      await bus.close();
    }
  });

  it("emitting nothing sends nothing, so it needs no server", async () => {
    const bus = new RedisStreamsEventBus({ url: "redis://127.0.0.1:1" });
    await expect(bus.emit([])).resolves.toBeUndefined();
    await bus.close();
  });
});

describe.skipIf(!server)("RedisStreamsEventBus on Redis", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = (server as NonNullable<typeof server>).connect();
  });
  const key = (name: string) => (server as NonNullable<typeof server>).key(name);

  it("emit appends every message in order as an entry with name, data as JSON, position and source", async () => {
    const stream = key("fields");
    const bus = new RedisStreamsEventBus({ redis, stream });
    await bus.emit([message(1), message(1, "ProductBrand.attached"), message(2, "link.dismissed")]);
    await bus.emit([message(3)]);
    const raw = await redis.xrange(stream, "-", "+");
    expect(raw.map(([, fields]) => fields.filter((_, i) => i % 2 === 0))).toEqual(Array(4).fill(["name", "data", "position", "source"]));
    const events = await readLinkEvents(redis, { stream });
    expect(events.map((event) => [event.metadata.position, event.name, event.metadata.source])).toEqual([
      ["1", "link.created", "modlink"],
      ["1", "ProductBrand.attached", "modlink"],
      ["2", "link.dismissed", "modlink"],
      ["3", "link.created", "modlink"],
    ]);
    expect(events[0]?.data).toEqual({ id: "pb_1", product_id: "p1", brand_id: "b1", big: String(2n ** 60n) });
  });

  it("each emit is one MULTI/EXEC of its XADDs, sent together, and nothing else", async () => {
    const stream = key("round_trips");
    const bus = new RedisStreamsEventBus({ redis, stream });
    await bus.emit([message(1)]); // the client is connected before we watch
    const address = String(await redis.client("INFO")).match(/\baddr=(\S+)/)?.[1];
    const monitor = await (server as NonNullable<typeof server>).connect().monitor();
    const commands: string[] = [];
    monitor.on("monitor", (_time: string, args: string[], source: string) => {
      if (source === address) commands.push(String(args[0]).toLowerCase());
    });
    await bus.emit([message(2), message(2, "ProductBrand.attached"), message(3)]);
    await bus.emit([message(4)]);
    await redis.ping(); // ends what we watch: MONITOR shows commands in the order the server ran them
    await expect.poll(() => commands.at(-1)).toBe("ping");
    monitor.disconnect();
    expect(commands).toEqual(["multi", "xadd", "xadd", "xadd", "exec", "multi", "xadd", "exec", "ping"]);
  });

  it("maxLength trims the stream to about that many entries and keeps the newest", async () => {
    const stream = key("trimmed");
    const bus = new RedisStreamsEventBus({ redis, stream, maxLength: 10 });
    for (let batch = 0; batch < 5; batch++) await bus.emit(Array.from({ length: 100 }, (_, i) => message(batch * 100 + i + 1)));
    const length = await redis.xlen(stream);
    // "~": Redis removes whole nodes of the stream only (100 entries each by default), never below maxLength.
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(500);
    const [last] = await redis.xrevrange(stream, "+", "-", "COUNT", 1);
    expect(last?.[1]).toContain("500");
  });

  it("a bus made from a url opens its own client on the first emit and close() ends it", async () => {
    const stream = key("owned");
    const bus = new RedisStreamsEventBus({ url: (server as NonNullable<typeof server>).url, stream });
    await bus.emit([message(1)]);
    await bus.close();
    expect(await redis.xlen(stream)).toBe(1);
    await expect(bus.emit([message(2)])).rejects.toMatchObject({ code: "CONNECTION_FAILED" });
  });

  it("close() leaves a client the caller passed open", async () => {
    const bus = new RedisStreamsEventBus({ redis, stream: key("caller") });
    await bus.close();
    expect(await redis.ping()).toBe("PONG");
  });

  it("a key of another type is STORE_FAILURE, and nothing of that emit is appended", async () => {
    const stream = key("not_a_stream");
    await redis.set(stream, "plain string");
    const error = await captureError(() => new RedisStreamsEventBus({ redis, stream }).emit([message(1)]));
    expect(error).toMatchObject({ code: "STORE_FAILURE" });
    expect(await redis.get(stream)).toBe("plain string");
  });
});
