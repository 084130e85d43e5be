import type { AnyLinkDefinition, LinkSide } from "@modlink/core";
import { escapeIdentifier, escapedQualifiedName, tableColumns } from "@modlink/knex";
import type { Knex } from "knex";
import { CliError } from "../cli-error";
import { plural } from "../format-plan";
import type { ResolvedModelTable, ResolvedModuleCheck } from "../resolve-module-checks";
import type { Finding, UncheckedSide } from "./finding";

const SAMPLE_SIZE = 10;
const BATCH_SIZE = 1000;

/** What one side's check found: dangling ids, a broken module table, or nothing. */
interface SideResult {
  readonly findings: readonly Finding[];
  readonly unchecked: readonly UncheckedSide[];
}

/**
 * Live links pointing at ids their module no longer has, for every side whose
 * module the config says how to check: a table in this database (one
 * anti-join) or `exists` (distinct ids in batches of 1,000).
 *
 * @example await findDanglingIds(knex, { schema: "public", definitions, checks, present })
 */
export async function findDanglingIds(
  knex: Knex,
  context: {
    readonly schema: string;
    readonly definitions: readonly AnyLinkDefinition[];
    readonly checks: ReadonlyMap<string, ResolvedModuleCheck>;
    /** Link tables that exist; others are already reported missing. */
    readonly present: ReadonlySet<string>;
  },
): Promise<SideResult> {
  const findings: Finding[] = [];
  const unchecked: UncheckedSide[] = [];
  // A model linked by several links is looked up once, and a broken table reported once.
  const tableProblems = new Map<ResolvedModelTable, string | undefined>();
  for (const definition of context.definitions) {
    for (const side of [definition.left, definition.right]) {
      const where = { table: definition.table, module: String(side.module), model: String(side.model) };
      const check = context.checks.get(where.module);
      const table = check?.tables.get(where.model);
      if (!context.present.has(definition.table)) {
        unchecked.push({ ...where, reason: "the link table is missing" });
      } else if (table !== undefined) {
        if (!tableProblems.has(table)) {
          const problem = await modelTableProblem(knex, table);
          tableProblems.set(table, problem);
          if (problem !== undefined) findings.push(unusableTable(side, table, problem));
        }
        const problem = tableProblems.get(table);
        if (problem === undefined) findings.push(...(await checkWithTable(knex, context.schema, definition, side, table)));
        else unchecked.push({ ...where, reason: `modules.${where.module}.tables.${where.model}: ${problem}` });
      } else if (check?.exists !== undefined) {
        findings.push(...(await checkWithExists(knex, context.schema, definition, side, check.exists)));
      } else {
        unchecked.push({ ...where, reason: `the config has no modules.${where.module}.tables.${where.model} or modules.${where.module}.exists` });
      }
    }
  }
  return { findings, unchecked };
}

/** Why a configured module table cannot be used, if it cannot. */
async function modelTableProblem(knex: Knex, table: ResolvedModelTable): Promise<string | undefined> {
  const columns = await tableColumns(knex, table.schema, table.table);
  const target = escapedQualifiedName(table.schema, table.table);
  if (columns.length === 0) return `table ${target} does not exist`;
  if (!columns.includes(table.primaryKey)) return `table ${target} has no column "${table.primaryKey}"`;
  return undefined;
}

function unusableTable(side: LinkSide, table: ResolvedModelTable, problem: string): Finding {
  const setting = `modules.${side.module}.tables.${side.model}`;
  return {
    kind: "missing_module_table",
    table: `${table.schema}.${table.table}`,
    column: table.primaryKey,
    problem: `${setting}: ${problem}, so links to ${side.module}.${side.model} cannot be checked.`,
    fix: `Point ${setting} at the table holding ${side.model} records: "table", "schema.table" or { table, schema, primaryKey }.`,
  };
}

async function checkWithTable(knex: Knex, schema: string, definition: AnyLinkDefinition, side: LinkSide, table: ResolvedModelTable): Promise<Finding[]> {
  const target = escapedQualifiedName(table.schema, table.table);
  const column = escapeIdentifier(side.column);
  const { rows } = await knex.raw<{ rows: { id: string; total: unknown }[] }>(
    `select d."id", count(*) over () as "total" from (select distinct l.${column} as "id" from ${escapedQualifiedName(schema, definition.table)} l ` +
      `where l."deleted_at" is null and not exists (select 1 from ${target} m where m.${escapeIdentifier(table.primaryKey)}::text = l.${column})) d ` +
      `order by d."id" limit ${SAMPLE_SIZE}`,
  );
  return dangling(
    definition,
    side,
    Number(rows[0]?.total ?? 0),
    rows.map((row) => row.id),
    `table ${target}`,
  );
}

async function checkWithExists(
  knex: Knex,
  schema: string,
  definition: AnyLinkDefinition,
  side: LinkSide,
  exists: NonNullable<ResolvedModuleCheck["exists"]>,
): Promise<Finding[]> {
  const column = escapeIdentifier(side.column);
  const missing: string[] = [];
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: { id: string }[] } = await knex.raw(
      `select distinct ${column} as "id" from ${escapedQualifiedName(schema, definition.table)} where "deleted_at" is null` +
        (after === null ? "" : ` and ${column} > ?`) +
        ` order by 1 limit ${BATCH_SIZE}`,
      after === null ? [] : [after],
    );
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) break;
    const found = new Set(await callExists(exists, ids, side));
    const absent = ids.filter((id) => !found.has(id));
    total += absent.length;
    missing.push(...absent.slice(0, SAMPLE_SIZE - missing.length));
    if (ids.length < BATCH_SIZE) break;
    after = ids[ids.length - 1] ?? null;
  }
  return dangling(definition, side, total, missing, `modules.${side.module}.exists`);
}

async function callExists(exists: NonNullable<ResolvedModuleCheck["exists"]>, ids: readonly string[], side: LinkSide): Promise<Iterable<string>> {
  try {
    return await exists(ids, { model: side.model, key: side.key });
  } catch (error) {
    throw new CliError(
      "CHECK_FAILED",
      `modules.${side.module}.exists failed for ${side.model} ids: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function dangling(definition: AnyLinkDefinition, side: LinkSide, count: number, sample: string[], source: string): Finding[] {
  if (count === 0) return [];
  return [
    {
      kind: "dangling_ids",
      table: definition.table,
      column: side.column,
      module: side.module,
      model: side.model,
      count,
      sample,
      problem:
        `${plural(count, "live link")} of ${definition.label} ${count === 1 ? "points" : "point"} at ${side.model} ids that ${source} does not have: ` +
        `${sample.join(", ")}${count > sample.length ? ", ..." : ""}.`,
      fix:
        `Delete those records through RemoteLink.delete({ ${side.module}: { ${side.key}: [...] } }) ` +
        "so the links are soft-deleted (and cascades run), or dismiss the links.",
    },
  ];
}
