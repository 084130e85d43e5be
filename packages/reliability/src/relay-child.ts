/**
 * A separate Node process relaying the change feed to Redis, started by
 * `startRelayProcess` with a JSON `RelayChildConfig` as its argument. It
 * opens its own pool and KnexLinkStore, starts a `FeedRelay` publishing
 * through `RedisStreamsEventBus`, prints "ready", and relays until its stdin
 * closes (or it is killed). Its bus sends a batch's events one emit at a
 * time with a pause between them, so a kill often lands inside a batch.
 */
import { createInterface } from "node:readline";
import { type EventBus, FeedRelay, RemoteLink } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import { RedisStreamsEventBus } from "@modlink/redis";
import makeKnex from "knex";
import { type WorkerLinkSetName, workerLinkSets } from "./worker-calls";

export interface RelayChildConfig {
  readonly url: string;
  readonly schema: string;
  readonly links: WorkerLinkSetName;
  /** Names the process's PostgreSQL sessions, so the parent can wait until a killed one's are gone. */
  readonly applicationName: string;
  readonly redisUrl: string;
  readonly stream: string;
  readonly consumer: string;
  readonly batchSize: number;
  /** Pause after each event, in ms: widens the window between a batch's first entry and its saved cursor. */
  readonly pauseMs: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as RelayChildConfig;
const knex = makeKnex({ client: "pg", connection: { connectionString: config.url, application_name: config.applicationName }, pool: { min: 1, max: 2 } });
const store = new KnexLinkStore({ knex, schema: config.schema, changeFeed: true });
const remoteLink = new RemoteLink({ links: workerLinkSets[config.links], store });
const bus = new RedisStreamsEventBus({ url: config.redisUrl, stream: config.stream });
const pause = () => new Promise((resolve) => setTimeout(resolve, config.pauseMs));
const slowBus: EventBus = {
  async emit(messages) {
    for (const message of messages) {
      await bus.emit([message]);
      await pause();
    }
  },
};
const relay = new FeedRelay({
  remoteLink,
  store,
  eventBus: slowBus,
  consumer: config.consumer,
  batchSize: config.batchSize,
  idleMs: 20,
  onError: (error) => process.stderr.write(`relay: ${String(error)}\n`),
});

await knex.raw("select 1");
relay.start();
process.stdout.write("ready\n");
for await (const line of createInterface({ input: process.stdin })) if (line === "") break;
await relay.stop();
await bus.close();
await knex.destroy();
