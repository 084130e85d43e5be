import { syncLinkTables } from "@modlink/knex";
import type { Command } from "../command";
import { findDanglingIds } from "../doctor/find-dangling-ids";
import { findExtraTables } from "../doctor/find-extra-tables";
import type { Finding, UncheckedSide } from "../doctor/finding";
import { schemaFindings } from "../doctor/schema-findings";
import { ExitCodes } from "../exit-codes";
import { plural } from "../format-plan";
import { withDatabase } from "../open-database";
import type { Output } from "../output";

/**
 * `modlink doctor`: compares the database with the definitions (tables,
 * columns, indexes, stray `link_*` tables) and, where the config says how,
 * finds live links to ids their module no longer has. Read-only.
 *
 * @example modlink doctor --json | jq '.findings[] | select(.kind == "dangling_ids")'
 */
export const doctorCommand: Command = {
  name: "doctor",
  summary:
    "Check the database against the link definitions: missing or extra tables, columns and indexes, " +
    "and links to ids their module no longer has. Changes nothing.",
  usage: "modlink doctor [--config <file>] [--json]",
  flags: {},
  details: [
    "Dangling ids are checked for modules the config describes: " +
      "modules.<name>.tables.<model> (a table in this database) or modules.<name>.exists(ids, { model, key }).",
    "Exit codes: 0 no problems, 2 problems found, 1 error.",
  ],
  async run({ config, out }) {
    const { findings, unchecked, label } = await withDatabase(config, async (db) => {
      const plan = await syncLinkTables(db.knex, config.links, { schema: config.schema, dryRun: true });
      const schema = schemaFindings(plan);
      const missing = new Set(schema.filter((finding) => finding.kind === "missing_table").map((finding) => finding.table));
      const known = new Set([
        ...config.links.map((link) => link.table),
        ...schema.filter((finding) => finding.kind === "extra_table").map((finding) => finding.table),
      ]);
      const extra = await findExtraTables(db.knex, config.schema, known);
      const present = new Set(config.links.map((link) => link.table).filter((table) => !missing.has(table)));
      const ids = await findDanglingIds(db.knex, { schema: config.schema, definitions: config.links, checks: config.checks, present });
      return { findings: [...schema, ...extra, ...ids.findings], unchecked: ids.unchecked, label: db.label };
    });
    out.result({ ok: true, command: "doctor", database: label, schema: config.schema, healthy: findings.length === 0, findings, unchecked });
    report(out, { findings, unchecked, label, schema: config.schema, links: config.links.length, anyChecks: config.checks.size > 0 });
    return findings.length === 0 ? ExitCodes.ok : ExitCodes.pending;
  },
};

function report(
  out: Output,
  result: { findings: readonly Finding[]; unchecked: readonly UncheckedSide[]; label: string; schema: string; links: number; anyChecks: boolean },
): void {
  const { style } = out;
  out.text(`Checked ${plural(result.links, "link")} against ${result.label}, schema "${result.schema}"`);
  if (result.findings.length === 0) out.text("", style.green("No problems found."));
  else {
    out.text("", style.red(`${plural(result.findings.length, "problem")} found:`));
    for (const finding of result.findings) {
      out.text(
        "",
        `${style.bold(finding.kind)} ${finding.table}${finding.column === null ? "" : `.${finding.column}`}`,
        `   ${finding.problem}`,
        `   fix: ${finding.fix}`,
      );
    }
  }
  if (!result.anyChecks) {
    out.text("", style.dim("Ids not checked: the config has no `modules` saying how (see modlink doctor --help)."));
  } else if (result.unchecked.length > 0) {
    out.text("", style.dim("Ids not checked:"));
    for (const side of result.unchecked) out.text(style.dim(`  - ${side.module}.${side.model} in ${side.table}: ${side.reason}`));
  }
}
