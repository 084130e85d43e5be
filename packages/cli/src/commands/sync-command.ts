import { type SyncPermission, type SyncStep, syncLinkTables } from "@modlink/knex";
import type { Command } from "../command";
import { CliError } from "../cli-error";
import { ExitCodes } from "../exit-codes";
import { missingFeedTables } from "../feed/feed-tables";
import { plural, flagsFor, stepJson } from "../format-plan";
import { withDatabase } from "../open-database";
import { watchSteps } from "../sync-progress";

/**
 * `modlink sync`: applies the safe part of the plan in one transaction;
 * destructive steps only with `--allow-destructive`. Never prompts.
 *
 * @example modlink sync --allow-destructive
 */
export const syncCommand: Command = {
  name: "sync",
  summary: "Create and migrate the link tables. Applies safe changes; destructive ones only with --allow-destructive. Never asks questions.",
  usage: "modlink sync [--allow-destructive [--drop-tables]] [--config <file>] [--json]",
  flags: {
    "allow-destructive": {
      type: "boolean",
      description:
        "Also apply changes that may lose data or fail on existing rows: column types, cardinality, dropped columns, drops of empty tables of removed links.",
    },
    "drop-tables": { type: "boolean", description: "With --allow-destructive, also drop tables of removed links that still hold rows." },
  },
  details: [
    "All changes run in one transaction under an advisory lock: all or nothing, and concurrent syncs apply once.",
    "With `changeFeed: true` in the config, sync also creates the change feed's tables " +
      "(modlink_changes, modlink_change_inbox, modlink_change_head, modlink_feed_consumers) and its sequence (modlink_change_statements).",
    "Exit codes: 0 the link tables match, 2 destructive changes were refused and remain pending, 1 error (nothing applied).",
  ],
  async run({ config, flags, out }) {
    const allowDestructive = flags["allow-destructive"] === true;
    const dropTables = flags["drop-tables"] === true;
    if (dropTables && !allowDestructive) throw new CliError("USAGE", "--drop-tables drops tables holding rows and needs --allow-destructive as well.");
    const { style } = out;
    const started = performance.now();
    const { plan, createdFeed, label } = await withDatabase(config, async (db) => {
      out.progress(`Syncing link tables in ${db.label}, schema "${config.schema}" (${plural(config.links.length, "link")})`);
      const preview = await syncLinkTables(db.knex, config.links, { schema: config.schema, dryRun: true });
      // Sync creates the feed's tables beside the plan's steps, so its plan does not show them.
      const createdFeed = config.changeFeed ? await missingFeedTables(db.knex, config.schema) : [];
      const granted = new Set<SyncPermission>([
        ...(allowDestructive ? (["allowDestructive"] as const) : []),
        ...(allowDestructive && dropTables ? (["dropTables"] as const) : []),
      ]);
      const expected = preview.steps.filter((step) => step.requires.every((permission) => granted.has(permission)));
      if (expected.length > 0) out.progress(`Applying ${plural(expected.length, "change")} in one transaction:`);
      const stop = watchSteps(db.knex, expected, (event) => {
        const step = expected[event.index];
        if (step === undefined) return;
        out.progress(event.kind === "start" ? `[${event.index + 1}/${expected.length}] ${step.description}` : style.dim(`      done in ${event.ms} ms`));
      });
      try {
        const plan = await syncLinkTables(db.knex, config.links, { schema: config.schema, changeFeed: config.changeFeed, allowDestructive, dropTables });
        return { plan, createdFeed, label: db.label };
      } finally {
        stop();
      }
    });
    const applied = plan.steps.filter((step) => step.applied);
    const refused = plan.steps.filter((step) => !step.applied);
    out.result({
      ok: true,
      command: "sync",
      database: label,
      schema: config.schema,
      applied: applied.map(stepJson),
      refused: refused.map(stepJson),
      createdFeedTables: createdFeed,
    });
    if (createdFeed.length > 0) out.text(style.green(`Created the change feed's tables: ${createdFeed.join(", ")}.`));
    if (plan.steps.length === 0) {
      out.text(
        style.green(createdFeed.length > 0 ? "The link tables already matched the definitions." : "Nothing to do: the link tables match the definitions."),
      );
      return ExitCodes.ok;
    }
    if (refused.length > 0) reportRefused(refused, out.text, style.yellow);
    const ms = Math.round(performance.now() - started);
    const done = applied.length > 0 ? style.green(`Applied ${plural(applied.length, "change")}`) : "Applied nothing";
    out.text(`${done} in ${ms} ms${refused.length > 0 ? `; ${refused.length} refused` : ""}.`);
    return refused.length > 0 ? ExitCodes.pending : ExitCodes.ok;
  },
};

function reportRefused(refused: readonly SyncStep[], text: (...lines: string[]) => void, warn: (line: string) => string): void {
  const flags = [...new Set(refused.flatMap(flagsFor))].join(" ");
  text(warn(`Refused ${plural(refused.length, "destructive change")} (run \`modlink sync ${flags}\` to apply):`));
  for (const step of refused) text(`  - ${step.description}`, ...step.sql.map((statement) => `      ${statement};`));
}
