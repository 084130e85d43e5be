/**
 * One of several processes racing to create the same links. Started by
 * `spawnCreateRace` with a JSON config as its argument: it opens its own
 * pool and KnexLinkStore, prints "ready", and for each "go" line on stdin
 * fires `perRound` concurrent creates of every input, then prints one JSON
 * line: how many succeeded and the errors seen.
 */
import { createInterface } from "node:readline";
import { LinkError, RemoteLink } from "@modlink/core";
import { conformanceLinks } from "@modlink/conformance";
import { KnexLinkStore } from "@modlink/knex";
import makeKnex from "knex";
import { untyped } from "./untyped-remote-link";

export interface CreateRaceConfig {
  readonly url: string;
  readonly schema: string;
  readonly inputs: readonly Record<string, unknown>[];
  readonly perRound: number;
  readonly poolMax: number;
}

/** What one process saw in one round. */
export interface CreateRaceRound {
  readonly ok: number;
  readonly errors: readonly { readonly code: string; readonly message: string }[];
}

const config = JSON.parse(process.argv[2] ?? "{}") as CreateRaceConfig;
const knex = makeKnex({ client: "pg", connection: config.url, pool: { min: config.poolMax, max: config.poolMax } });
const remoteLink = untyped(new RemoteLink({ links: conformanceLinks, store: new KnexLinkStore({ knex, schema: config.schema }) }));

// Open every pooled connection before "ready", so the rounds race on queries, not on connecting.
await Promise.all(Array.from({ length: config.poolMax }, () => knex.transaction((trx) => trx.raw("select 1"))));
process.stdout.write("ready\n");

for await (const line of createInterface({ input: process.stdin })) {
  if (line !== "go") break;
  const calls = config.inputs.flatMap((input) => Array.from({ length: config.perRound }, () => remoteLink.create(input)));
  const settled = await Promise.allSettled(calls);
  const errors = settled
    .filter((result): result is PromiseRejectedResult => result.status === "rejected")
    .map(({ reason }) => ({ code: reason instanceof LinkError ? reason.code : `untyped ${String((reason as Error)?.name)}`, message: String((reason as Error)?.message) }));
  const round: CreateRaceRound = { ok: settled.length - errors.length, errors };
  process.stdout.write(`${JSON.stringify(round)}\n`);
}
await knex.destroy();
