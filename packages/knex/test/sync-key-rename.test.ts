import { type AnyLinkDefinition, defineLink, defineModule, linkTableOf } from "@modlink/core";
import type { Knex } from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { KnexLinkStore, type SyncPlan, syncLinkTables } from "../src";
import { Product, Tag, freshSchema } from "./helpers/fixtures";
import { openTestPglite } from "./helpers/pglite-database";
import { freshPostgres } from "@modlink/test-support";

const pglite = await openTestPglite("memory");
const database = await freshPostgres("knex");
const postgres: Knex | undefined = database?.connect();

afterAll(async () => {
  await pglite.close();
  await postgres?.destroy();
  await database?.drop();
});

const backends = [{ name: "PGlite", knex: () => pglite.knex }, ...(postgres ? [{ name: "PostgreSQL", knex: () => postgres }] : [])];

const Label = defineModule("label", { models: ["label"] });
const TABLE = "link_renamed_key";
/** One to one, so the renamed key carries a live unique index as well as the lookup and pair indexes. */
const byTag = defineLink(Product.linkable.product, Tag.linkable.tag, { database: { table: TABLE } });
/** The same table after the right module was renamed: its key column is now `label_id`. */
const byLabel = defineLink(Product.linkable.product, Label.linkable.label, { database: { table: TABLE } });

const steps = (plan: SyncPlan) => plan.steps.map((step) => [step.kind, step.column ?? step.sql.at(-1), step.applied, step.requires]);

describe.each(backends)("renaming a link's key on $name", ({ knex: getKnex }) => {
  /** Columns, index definitions and rows: everything a sync could change. */
  const snapshot = async (knex: Knex, schema: string) => ({
    columns: (
      await knex.raw(`select column_name from information_schema.columns where table_schema = ? and table_name = ? order by column_name`, [schema, TABLE])
    ).rows,
    indexes: (await knex.raw(`select indexname, indexdef from pg_indexes where schemaname = ? and tablename = ? order by indexname`, [schema, TABLE])).rows,
    rows: (await knex.raw(`select * from "${schema}"."${TABLE}" order by id`)).rows,
  });
  const link = (knex: Knex, schema: string, definition: AnyLinkDefinition, left: string, right: string) =>
    new KnexLinkStore({ knex, schema }).transaction((tx) => tx.upsertLinks(linkTableOf(definition), [{ left, right, data: {} }]));

  it("without options reports the new key column and every index on it as refused, needing allowDestructive, and changes nothing", async () => {
    const [knex, schema] = [getKnex(), freshSchema("rename")];
    await syncLinkTables(knex, [byTag], { schema });
    await link(knex, schema, byTag, "p1", "t1");
    const before = await snapshot(knex, schema);
    const plan = await syncLinkTables(knex, [byLabel], { schema });
    const refused = ["allowDestructive"];
    expect(steps(plan)).toEqual([
      ["add_column", "label_id", false, refused],
      ["drop_column", "tag_id", false, refused],
      ["create_index", `create unique index "${TABLE}_pair_key" on "${schema}"."${TABLE}" ("product_id", "label_id")`, false, refused],
      [
        "change_cardinality",
        `create unique index "${TABLE}_label_id_live_key" on "${schema}"."${TABLE}" ("label_id") where "deleted_at" is null`,
        false,
        refused,
      ],
      ["create_index", `create index "${TABLE}_label_id_idx" on "${schema}"."${TABLE}" ("label_id")`, false, refused],
    ]);
    expect(plan.steps[4]?.description).toContain(`once "${TABLE}"."label_id" is added`);
    expect(steps(await syncLinkTables(knex, [byLabel], { schema, dryRun: true }))).toEqual(steps(plan));
    await expect(syncLinkTables(knex, [byLabel], { schema, onRefused: "throw" })).rejects.toMatchObject({
      code: "SYNC_REFUSED",
      message: expect.stringContaining(`Create index "${TABLE}_label_id_idx"`),
    });
    expect(await snapshot(knex, schema)).toEqual(before);
  });

  it("with allowDestructive, renaming the key of an empty table applies every step and links by the new key", async () => {
    const [knex, schema] = [getKnex(), freshSchema("rename")];
    await syncLinkTables(knex, [byTag], { schema });
    const plan = await syncLinkTables(knex, [byLabel], { schema, allowDestructive: true });
    expect(plan.steps.map((step) => [step.kind, step.applied])).toEqual([
      ["add_column", true],
      ["drop_column", true],
      ["create_index", true],
      ["change_cardinality", true],
      ["create_index", true],
    ]);
    const fresh = freshSchema("fresh");
    await syncLinkTables(knex, [byLabel], { schema: fresh });
    const indexes = async (name: string) => (await snapshot(knex, name)).indexes.map((row: { indexdef: string }) => row.indexdef.replace(name, "<schema>"));
    expect(await indexes(schema)).toEqual(await indexes(fresh));
    expect((await syncLinkTables(knex, [byLabel], { schema })).steps).toEqual([]);
    await link(knex, schema, byLabel, "p1", "l1");
    await link(knex, schema, byLabel, "p1", "l1");
    await expect(link(knex, schema, byLabel, "p2", "l1")).rejects.toMatchObject({ code: "CARDINALITY_VIOLATION" });
    expect((await snapshot(knex, schema)).rows.map((row: Record<string, unknown>) => [row.product_id, row.label_id])).toEqual([["p1", "l1"]]);
  });

  it("with allowDestructive, renaming the key of a table holding rows fails as a whole and keeps every row", async () => {
    const [knex, schema] = [getKnex(), freshSchema("rename")];
    await syncLinkTables(knex, [byTag], { schema });
    await link(knex, schema, byTag, "p1", "t1");
    const before = await snapshot(knex, schema);
    await expect(syncLinkTables(knex, [byLabel], { schema, allowDestructive: true })).rejects.toMatchObject({ code: "STORE_FAILURE" });
    expect(await snapshot(knex, schema)).toEqual(before);
  });
});
