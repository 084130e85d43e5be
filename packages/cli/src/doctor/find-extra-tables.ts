import type { Knex } from "knex";
import type { Finding } from "./finding";
import { qualifiedName } from "./quote-identifier";

/**
 * Tables named like link tables (`link_*`) that no definition uses and sync
 * does not track (tracked ones are already in the plan as `drop_table`).
 *
 * @example await findExtraTables(knex, "public", new Set(["link_product_product_brand_brand"]))
 */
export async function findExtraTables(knex: Knex, schema: string, known: ReadonlySet<string>): Promise<Finding[]> {
  const { rows } = (await knex.raw(
    `select c.relname as "name" from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace ` +
      `where n.nspname = ? and c.relkind in ('r', 'p') and c.relname like 'link\\_%' order by c.relname`,
    [schema],
  )) as { rows: { name: string }[] };
  const findings: Finding[] = [];
  for (const { name } of rows) {
    if (known.has(name)) continue;
    const qualified = qualifiedName(schema, name);
    const probe = (await knex.raw(`select exists (select 1 from ${qualified}) as "has_rows"`)) as { rows: { has_rows: boolean }[] };
    const holdsRows = probe.rows[0]?.has_rows === true;
    findings.push({
      kind: "extra_table",
      table: name,
      column: null,
      problem: `Table "${name}" is named like a link table but no link defines it, and modlink sync did not create it; it ${holdsRows ? "holds rows" : "is empty"}.`,
      fix: `If its link was renamed, set database.table: "${name}" on the definition; if it is unused, drop it yourself: drop table ${qualified}`,
    });
  }
  return findings;
}
