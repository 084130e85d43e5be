/**
 * A separate Node process calling RemoteLink, started by `spawnWorkers` with a
 * JSON `WorkerConfig` as its argument. It opens its own pool, KnexLinkStore
 * and table-backed module services, prints "ready", then for each JSON line
 * `{ calls }` on stdin runs those calls at once and prints one JSON
 * `WorkerReply` line with each call's outcome, in the order given.
 */
import { createInterface } from "node:readline";
import { RemoteLink } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import makeKnex from "knex";
import { recordTablesOf } from "./record-tables";
import { RECORD_DATABASE, TableServices } from "./table-services";
import { untyped } from "./untyped-remote-link";
import { type CallOutcome, type WorkerCall, type WorkerLinkSetName, runCall, workerLinkSets } from "./worker-calls";

export interface WorkerConfig {
  readonly url: string;
  readonly schema: string;
  readonly links: WorkerLinkSetName;
  readonly poolMax: number;
  /** Modules whose services commit on their own pool ("separate"); the others join the store's transaction. */
  readonly separateModules?: readonly string[];
  /** The modules joining the transaction describe their soft delete in SQL (`sqlSoftDelete`). */
  readonly sqlSoftDelete?: boolean;
  /** The store records every change in its change feed. */
  readonly changeFeed?: boolean;
}

export interface WorkerReply {
  readonly outcomes: readonly CallOutcome[];
  /** Units of work the store ran again after a deadlock, since the process started. */
  readonly retries: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
const links = workerLinkSets[config.links];
const knex = makeKnex({ client: "pg", connection: config.url, pool: { min: config.poolMax, max: config.poolMax } });
const separateKnex = config.separateModules?.length ? makeKnex({ client: "pg", connection: config.url, pool: { min: 0, max: 4 } }) : undefined;
const store = new KnexLinkStore({ knex, schema: config.schema, database: RECORD_DATABASE, changeFeed: config.changeFeed === true });
const tables = recordTablesOf(links);

async function run(call: WorkerCall): Promise<CallOutcome> {
  // Services per call: faults and the deletion ids seen belong to this call alone.
  const services = new TableServices({
    schema: config.schema,
    tables,
    faults: "faults" in call ? call.faults : undefined,
    separate: separateKnex ? { modules: config.separateModules ?? [], knex: separateKnex } : undefined,
    sqlDatabase: config.sqlSoftDelete === true ? RECORD_DATABASE : undefined,
  });
  const remoteLink = untyped(new RemoteLink({ links, store, services: services.lookup }));
  return runCall(remoteLink, call, services);
}

// Open every pooled connection before "ready", so calls race on queries, not on connecting.
await Promise.all(Array.from({ length: config.poolMax }, () => knex.transaction((trx) => trx.raw("select 1"))));
process.stdout.write("ready\n");

for await (const line of createInterface({ input: process.stdin })) {
  if (line === "") break;
  const { calls } = JSON.parse(line) as { calls: WorkerCall[] };
  const outcomes = await Promise.all(calls.map(run));
  const reply: WorkerReply = { outcomes, retries: store.retries };
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}
await knex.destroy();
await separateKnex?.destroy();
