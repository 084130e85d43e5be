import { type LinkChange, RemoteLink } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import fc from "fast-check";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CascadeWorld, toWorkerCall } from "../src/cascade-world";
import { CallKinds, cascadeIds, labelDeletions, modelCall } from "../src/model-calls";
import { openPostgresSchema } from "../src/postgres-server";
import { type Workers, spawnWorkers } from "../src/spawn-workers";
import { cascadeLinks } from "../src/worker-calls";

/*
 * Eight processes with the change feed on run creates, dismissals, cascade
 * deletes and restores (some failing, some slowed inside their transaction)
 * at once, round after round, while this process reads the feed. The feed
 * is judged by a model of a link row's life written from the documentation:
 * positions 1..N without a gap; each row's changes, in position order, are
 * a life the row can have (created first; updated, dismissed and deleted
 * only while live; revived only while not; restored only right after a
 * deletion, within that deletion); and replaying them gives the tables.
 */

const PROCESSES = 8;
const ROUNDS = 6;
const CALLS_PER_PROCESS = 3;

const server = await openPostgresSchema("feed_processes");
let knex: Knex;
let workers: Workers;
let remoteLink: RemoteLink;

beforeAll(async () => {
  if (!server) return;
  knex = server.connect({ poolMax: 4 });
  const store = new KnexLinkStore({ knex, schema: server.schema, changeFeed: true });
  await store.sync(cascadeLinks);
  await CascadeWorld.open(knex, server.schema, cascadeLinks, cascadeIds);
  remoteLink = new RemoteLink({ links: cascadeLinks, store });
  workers = await spawnWorkers(PROCESSES, { url: server.url, schema: server.schema, links: "cascade", poolMax: 3, changeFeed: true });
});
afterAll(async () => {
  await workers?.stop();
  await server?.close();
});

/** A link row's state for the model: live, or not with the deletion that removed it (null: dismissed). */
type RowState = { readonly live: true } | { readonly live: false; readonly deletionId: string | null };

/** The change the model refuses for a row in `state`, or undefined when its life allows it. */
function refusal(state: RowState | undefined, change: LinkChange): string | undefined {
  const seen = state === undefined ? "absent" : state.live ? "live" : `not live (${state.deletionId ?? "dismissed"})`;
  const allowed =
    change.operation === "created"
      ? state === undefined
      : change.operation === "revived"
        ? state?.live === false
        : change.operation === "restored"
          ? state?.live === false && state.deletionId !== null && state.deletionId === change.deletionId
          : state?.live === true;
  return allowed ? undefined : `position ${change.position}: ${change.operation} of ${change.id} while ${seen}`;
}

/** The row's state once `change` happened (whether the model allowed it or not). */
function after(change: LinkChange): RowState {
  if (change.operation === "dismissed") return { live: false, deletionId: null };
  if (change.operation === "deleted") return { live: false, deletionId: change.deletionId };
  return { live: true };
}

describe.skipIf(!server)("change feed across 8 processes on PostgreSQL", () => {
  it("holds every change once, without a gap, in an order each row's life allows, and replays to the tables", async () => {
    const feed: LinkChange[] = [];
    let cursor = "0";
    const readOn = async () => {
      for (;;) {
        const page = await remoteLink.changes({ after: cursor, limit: 50 });
        if (page.changes.length === 0) return;
        feed.push(...page.changes);
        cursor = page.cursor;
      }
    };
    const calls = fc.sample(modelCall(CallKinds, { throws: true, delays: true }), { numRuns: ROUNDS * PROCESSES * CALLS_PER_PROCESS, seed: 16 });
    for (let round = 0; round < ROUNDS; round++) {
      const perProcess = Array.from({ length: PROCESSES }, (_, worker) => {
        const start = (round * PROCESSES + worker) * CALLS_PER_PROCESS;
        return labelDeletions(calls.slice(start, start + CALLS_PER_PROCESS), `round ${round} process ${worker} `).map(toWorkerCall);
      });
      // Reading while the processes write: what was read must never change or gain a gap later.
      await Promise.all([workers.round(perProcess), readOn()]);
    }
    await readOn();

    expect(feed.map((change) => change.position)).toEqual(feed.map((_, i) => String(i + 1)));
    const states = new Map<string, RowState>();
    const refused: string[] = [];
    for (const change of feed) {
      const reason = refusal(states.get(change.id), change);
      if (reason) refused.push(reason);
      states.set(change.id, after(change));
    }
    expect(refused).toEqual([]);
    const rows: { id: string; live: boolean }[] = [];
    for (const link of cascadeLinks) {
      rows.push(
        ...(await knex
          .withSchema((server as NonNullable<typeof server>).schema)
          .from(link.table)
          .select("id", knex.raw(`"deleted_at" is null as "live"`))),
      );
    }
    expect(new Map(rows.map((row) => [row.id, row.live]))).toEqual(new Map([...states].map(([id, state]) => [id, state.live])));
    const operations = new Set(feed.map((change) => change.operation));
    expect([...operations].sort()).toEqual(expect.arrayContaining(["created", "deleted", "dismissed", "restored"]));
  }, 300_000);
});
