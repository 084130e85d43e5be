import { syncLinkTables } from "@modlink/knex";
import type { Command } from "../command";
import { ExitCodes } from "../exit-codes";
import { missingFeedTables } from "../feed/feed-tables";
import { plural, flagsFor, formatStep, stepJson } from "../format-plan";
import { withDatabase } from "../open-database";

/**
 * `modlink plan`: the sync plan and its exact SQL, read-only. Exits 0 when
 * it could read the plan, pending or not (a package script running it is
 * not a failed command); with `--check` it exits 2 when anything is
 * pending, so CI can fail a build whose database is behind.
 *
 * @example modlink plan --json | jq '.steps[].sql[]'
 * @example modlink plan --check || echo "run modlink sync"
 */
export const planCommand: Command = {
  name: "plan",
  summary: "Show what `modlink sync` would change in the link tables, with the exact SQL. Changes nothing.",
  usage: "modlink plan [--config <file>] [--json] [--check]",
  flags: {
    check: { type: "boolean", description: "Exit 2 when changes are pending: a CI gate. Without it, plan exits 0 whatever is pending." },
  },
  details: [
    "Exit codes: 0 plan read (with --check: nothing pending), 2 changes pending with --check, 1 error.",
    "Example (CI gate): modlink plan --check || echo 'link tables are behind: run modlink sync'",
  ],
  async run({ config, out, flags }) {
    const { plan, missingFeed, label } = await withDatabase(config, async (db) => ({
      plan: await syncLinkTables(db.knex, config.links, { schema: config.schema, changeFeed: config.changeFeed, dryRun: true }),
      // A dry run lists link table steps only; the feed's tables are created beside them.
      missingFeed: config.changeFeed ? await missingFeedTables(db.knex, config.schema) : [],
      label: db.label,
    }));
    const pending = plan.steps.length > 0 || missingFeed.length > 0;
    out.result({
      ok: true,
      command: "plan",
      database: label,
      schema: config.schema,
      pending,
      steps: plan.steps.map(stepJson),
      missingFeedTables: missingFeed,
    });
    const { style } = out;
    out.text(`Link tables in ${label}, schema "${config.schema}" (${plural(config.links.length, "link")} defined in ${config.file})`);
    if (!pending) {
      out.text("", style.green("No changes pending: the link tables match the definitions."));
      return ExitCodes.ok;
    }
    if (plan.steps.length > 0) {
      out.text("", `${plural(plan.steps.length, "change")} pending:`);
      plan.steps.forEach((step, index) => out.text("", ...formatStep(step, index, style)));
    }
    const destructive = plan.steps.filter((step) => step.requires.length > 0);
    const safe = plan.steps.length - destructive.length;
    const syncFlags = [...new Set(destructive.flatMap(flagsFor))];
    out.text("");
    if (safe > 0) out.text(`Apply ${plural(safe, "safe change")} with: modlink sync`);
    if (missingFeed.length > 0) out.text(`Create the change feed's missing tables (${missingFeed.join(", ")}) with: modlink sync`);
    if (destructive.length > 0)
      out.text(
        style.yellow(`${plural(destructive.length, "destructive change")} ${destructive.length === 1 ? "needs" : "need"}: modlink sync ${syncFlags.join(" ")}`),
      );
    return flags.check === true ? ExitCodes.pending : ExitCodes.ok;
  },
};
