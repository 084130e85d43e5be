import { escapedQualifiedName, tableHoldsRows, tablesNamedWith } from "@modlink/knex";
import type { Knex } from "knex";
import type { Finding } from "./finding";

/**
 * Tables named like link tables (`link_*`) that no definition uses and sync
 * does not track (tracked ones are already in the plan as `drop_table`).
 *
 * @example await findExtraTables(knex, "public", new Set(["link_product_product_brand_brand"]))
 */
export async function findExtraTables(knex: Knex, schema: string, known: ReadonlySet<string>): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const name of await tablesNamedWith(knex, schema, "link_")) {
    if (known.has(name)) continue;
    const qualified = escapedQualifiedName(schema, name);
    const holdsRows = await tableHoldsRows(knex, schema, name);
    findings.push({
      kind: "extra_table",
      table: name,
      column: null,
      problem:
        `Table "${name}" is named like a link table but no link defines it, and modlink sync did not create it; ` +
        `it ${holdsRows ? "holds rows" : "is empty"}.`,
      fix: `If its link was renamed, set database.table: "${name}" on the definition; if it is unused, drop it yourself: drop table ${qualified}`,
    });
  }
  return findings;
}
