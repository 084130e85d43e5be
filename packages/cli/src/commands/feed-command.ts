import { LinkStoreError, type PrunedChanges } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import type { Command } from "../command";
import { ExitCodes } from "../exit-codes";
import { missingFeedTables } from "../feed/feed-tables";
import { type PruneRequest, pruneRequest } from "../feed/prune-request";
import { plural } from "../format-plan";
import { withDatabase } from "../open-database";
import type { Output } from "../output";
import type { ResolvedConfig } from "../resolve-config";

/**
 * `modlink feed prune`: deletes change feed entries through a position or
 * older than an age, never one a registered consumer has not processed.
 *
 * @example modlink feed prune --older-than 7d --json | jq '.pruned'
 */
export const feedCommand: Command = {
  name: "feed",
  summary: "Maintain the change feed of the link tables (config `changeFeed: true`): `modlink feed prune` deletes old changes.",
  usage: "modlink feed prune [--through <position>] [--older-than <duration>] [--config <file>] [--json]",
  subcommands: [
    {
      name: "prune",
      summary: "Delete changes at or before --through, or older than --older-than (both: those that are both), never past a registered consumer's cursor.",
    },
  ],
  flags: {
    through: { type: "string", value: "position", description: "Delete changes up to and including this feed position (a decimal integer, e.g. 1200)." },
    "older-than": { type: "string", value: "duration", description: "Delete changes written longer ago than this: <n>d, <n>h, <n>m or <n>s, e.g. 7d or 12h." },
  },
  details: [
    "At least one of --through and --older-than is needed. A consumer registers by saving its cursor (store.saveFeedCursor, or a FeedRelay); " +
      "changes after the least saved cursor are kept, and the output names the consumer at that cursor.",
    "Example (nightly): modlink feed prune --older-than 7d",
    "Exit codes: 0 done, 1 error.",
  ],
  // prune is the only subcommand: the parser refused any other word.
  async run({ config, flags, out }) {
    const request = pruneRequest(flags, new Date());
    const { result, label } = await withDatabase(config, async (db) => {
      const missing = await missingFeedTables(db.knex, config.schema);
      if (missing.length > 0) throw noFeed(config, db.label, missing);
      const store = new KnexLinkStore({ knex: db.knex, schema: config.schema, changeFeed: true });
      return { result: await store.pruneChanges({ through: request.through, before: request.olderThan?.before }), label: db.label };
    });
    out.result({
      ok: true,
      command: "feed",
      subcommand: "prune",
      database: label,
      schema: config.schema,
      through: request.through ?? null,
      olderThan: request.olderThan?.duration ?? null,
      before: request.olderThan?.before.toISOString() ?? null,
      pruned: result.pruned,
      heldBy: result.heldBy,
    });
    report(out, { request, result, label, schema: config.schema });
    return ExitCodes.ok;
  },
};

function noFeed(config: ResolvedConfig, label: string, missing: readonly string[]): LinkStoreError {
  const fix = config.changeFeed ? "run `modlink sync` to create them" : `set \`changeFeed: true\` in ${config.file} and run \`modlink sync\` to create them`;
  return new LinkStoreError(
    "MISSING_CAPABILITY",
    `${label}, schema "${config.schema}", has no change feed: ${plural(missing.length, "table")} missing (${missing.join(", ")}); ${fix}.`,
  );
}

function report(out: Output, outcome: { request: PruneRequest; result: PrunedChanges; label: string; schema: string }): void {
  const { request, result } = outcome;
  const asked = [
    ...(request.through === undefined ? [] : [`through position ${request.through}`]),
    ...(request.olderThan === undefined ? [] : [`older than ${request.olderThan.duration} (before ${request.olderThan.before.toISOString()})`]),
  ];
  out.text(`Pruning the change feed in ${outcome.label}, schema "${outcome.schema}": changes ${asked.join(" and ")}`);
  out.text(out.style.green(`Pruned ${plural(result.pruned, "change")}.`));
  if (heldBack(request, result.heldBy)) {
    const { consumer, position } = result.heldBy;
    out.text(out.style.yellow(`Held back by consumer "${consumer}", which has processed changes through position ${position} only: later ones were kept.`));
  }
}

/**
 * The store names the least cursor whenever a consumer is registered; it
 * held the prune back unless `--through` stopped short of it anyway.
 */
function heldBack(request: PruneRequest, heldBy: PrunedChanges["heldBy"]): heldBy is NonNullable<PrunedChanges["heldBy"]> {
  return heldBy !== null && (request.through === undefined || BigInt(heldBy.position) < BigInt(request.through));
}
