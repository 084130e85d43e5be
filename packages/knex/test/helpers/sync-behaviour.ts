import { type ExtraColumns, defineLink, linkTableOf } from "@modlink/core";
import type { Knex } from "knex";
import { beforeEach, expect, it } from "vitest";
import { KnexLinkStore, type SyncPlan, syncLinkTables } from "../../src";
import { Brand, Product, Tag, freshSchema, productBrand } from "./fixtures";

/** Versions of one link table ("link_sync_tag") as an application changes its definition. */
function tagLink(version: { tagIsList?: boolean; extraColumns?: ExtraColumns }) {
  return defineLink(
    { linkable: Product.linkable.product, isList: true },
    { linkable: Tag.linkable.tag, isList: version.tagIsList ?? true },
    { database: { table: "link_sync_tag", extraColumns: version.extraColumns ?? { rank: { type: "integer", default: 0 } } } },
  );
}

const kinds = (plan: SyncPlan) => plan.steps.map((step) => [step.kind, step.table, step.applied]);

/** Sync's behaviour on one backend; registers tests in the caller's describe. */
export function syncBehaviour(getKnex: () => Knex): void {
  let schema: string;
  const columns = async (table: string) =>
    Object.fromEntries(
      (
        await getKnex().raw(`select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ?`, [schema, table])
      ).rows.map((row: { column_name: string; data_type: string }) => [row.column_name, row.data_type]),
    );
  const indexes = async (table: string) =>
    (await getKnex().raw(`select indexname from pg_indexes where schemaname = ? and tablename = ? order by indexname`, [schema, table])).rows.map(
      (row: { indexname: string }) => row.indexname,
    );
  const tableExists = async (table: string) => (await getKnex().raw(`select to_regclass(?) is not null as e`, [`"${schema}"."${table}"`])).rows[0].e;
  const sync = (links: Parameters<typeof syncLinkTables>[1], options: Parameters<typeof syncLinkTables>[2] = {}) =>
    syncLinkTables(getKnex(), links, { schema, ...options });
  const insertLink = (link: ReturnType<typeof tagLink>, left: string, right: string) =>
    new KnexLinkStore({ knex: getKnex(), schema }).transaction((tx) => tx.upsertLinks(linkTableOf(link), [{ left, right, data: {} }]));

  beforeEach(() => {
    schema = freshSchema("sync");
  });

  it("sync creates the schema, missing tables with their indexes, and records what it applied", async () => {
    const plan = await sync([productBrand, tagLink({})]);
    expect(kinds(plan)).toEqual([
      ["create_schema", schema, true],
      ["create_table", productBrand.table, true],
      ["create_table", "link_sync_tag", true],
    ]);
    expect(plan.steps.every((step) => !step.destructive)).toBe(true);
    expect(await indexes(productBrand.table)).toEqual(
      [
        `${productBrand.table}_pkey`,
        `${productBrand.table}_pair_key`,
        `${productBrand.table}_product_id_live_key`,
        `${productBrand.table}_brand_id_idx`,
        `${productBrand.table}_deletion_id_idx`,
      ].sort(),
    );
    expect(await columns("link_sync_tag")).toMatchObject({
      id: "text",
      product_id: "text",
      tag_id: "text",
      rank: "integer",
      cascaded: "boolean",
      deleted_at: "timestamp with time zone",
    });
    const recorded = (await getKnex().raw(`select table_name, kind, statements from "${schema}".modlink_migrations order by table_name, kind`)).rows;
    expect(recorded.map((row: { table_name: string; kind: string }) => [row.table_name, row.kind])).toEqual(
      [
        ["link_product_product_brand_brand", "create_table"],
        ["link_sync_tag", "create_table"],
        [schema, "create_schema"],
      ].sort(),
    );
    expect(recorded[0].statements).toEqual(plan.steps[1]?.sql);
  });

  it("a second sync finds nothing to do", async () => {
    await sync([productBrand, tagLink({})]);
    expect((await sync([productBrand, tagLink({})])).steps).toEqual([]);
    expect((await sync([productBrand, tagLink({})], { dryRun: true })).steps).toEqual([]);
  });

  it("new extra columns are added to a table that holds rows, existing rows taking the default", async () => {
    await sync([tagLink({})]);
    await insertLink(tagLink({}), "p1", "t1");
    const grown = tagLink({
      extraColumns: { rank: { type: "integer", default: 0 }, weight: { type: "float", default: 1.5 }, note: { type: "text", nullable: true } },
    });
    const plan = await sync([grown]);
    expect(plan.steps.map((step) => [step.kind, step.column, step.applied, step.destructive])).toEqual([
      ["add_column", "weight", true, false],
      ["add_column", "note", true, false],
    ]);
    expect(plan.steps[0]?.sql).toEqual([`alter table "${schema}"."link_sync_tag" add column "weight" double precision not null default 1.5`]);
    const [row] = (await getKnex().raw(`select weight, note from "${schema}".link_sync_tag`)).rows;
    expect(row).toEqual({ weight: 1.5, note: null });
    expect((await sync([grown])).steps).toEqual([]);
  });

  it("a changed column type is reported but not applied unless allowDestructive", async () => {
    await sync([tagLink({})]);
    const retyped = tagLink({ extraColumns: { rank: { type: "bigint", default: "0" } } });
    const refused = await sync([retyped]);
    expect(refused.steps.map((step) => [step.kind, step.column, step.destructive, step.applied, step.requires])).toEqual([
      ["alter_column_type", "rank", true, false, ["allowDestructive"]],
    ]);
    expect((await columns("link_sync_tag")).rank).toBe("integer");
    expect((await sync([retyped])).steps).toHaveLength(1);
    const applied = await sync([retyped], { allowDestructive: true });
    expect(applied.steps.map((step) => step.applied)).toEqual([true]);
    expect((await columns("link_sync_tag")).rank).toBe("bigint");
    expect((await sync([retyped])).steps).toEqual([]);
  });

  it("a changed cardinality is reported but not applied unless allowDestructive", async () => {
    await sync([tagLink({})]);
    const oneTag = tagLink({ tagIsList: false });
    const refused = await sync([oneTag]);
    expect(refused.steps.map((step) => [step.kind, step.destructive, step.applied])).toEqual([["change_cardinality", true, false]]);
    expect(refused.steps[0]?.sql).toEqual([
      `create unique index "link_sync_tag_product_id_live_key" on "${schema}"."link_sync_tag" ("product_id") where "deleted_at" is null`,
    ]);
    expect(await indexes("link_sync_tag")).not.toContain("link_sync_tag_product_id_live_key");
    await sync([oneTag], { allowDestructive: true });
    expect(await indexes("link_sync_tag")).toContain("link_sync_tag_product_id_live_key");
    const back = await sync([tagLink({})]);
    expect(back.steps.map((step) => [step.kind, step.applied, step.sql])).toEqual([
      ["change_cardinality", false, [`drop index "${schema}"."link_sync_tag_product_id_live_key"`]],
    ]);
  });

  it("a removed extra column is reported and kept unless allowDestructive", async () => {
    await sync([tagLink({ extraColumns: { rank: { type: "integer", default: 0 }, note: { type: "text", nullable: true } } })]);
    const plan = await sync([tagLink({})]);
    expect(plan.steps.map((step) => [step.kind, step.column, step.applied])).toEqual([["drop_column", "note", false]]);
    expect(await columns("link_sync_tag")).toHaveProperty("note");
  });

  it("a removed link's table is never dropped silently; one holding rows also needs dropTables", async () => {
    const other = defineLink(Product.linkable.product, Brand.linkable.brand, { name: "featured" });
    await sync([tagLink({}), other]);
    await insertLink(tagLink({}), "p1", "t1");
    const reported = await sync([]);
    expect(reported.steps.map((step) => [step.kind, step.table, step.applied, step.requires])).toEqual([
      ["drop_table", "link_sync_tag", false, ["allowDestructive", "dropTables"]],
      ["drop_table", other.table, false, ["allowDestructive"]],
    ]);
    const destructive = await sync([], { allowDestructive: true });
    expect(destructive.steps.map((step) => [step.table, step.applied])).toEqual([
      ["link_sync_tag", false],
      [other.table, true],
    ]);
    expect(await tableExists("link_sync_tag")).toBe(true);
    expect(await tableExists(other.table)).toBe(false);
    await sync([], { allowDestructive: true, dropTables: true });
    expect(await tableExists("link_sync_tag")).toBe(false);
    expect((await sync([])).steps).toEqual([]);
  });

  it("a dry run returns the exact statements a real sync runs and touches nothing", async () => {
    const dry = await sync([productBrand, tagLink({})], { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.steps.every((step) => !step.applied)).toBe(true);
    expect(dry.steps[1]?.sql[0]).toMatch(
      new RegExp(`^create table "${schema}"\\."${productBrand.table}" \\("id" text primary key, "product_id" text not null, "brand_id" text not null,`),
    );
    expect((await getKnex().raw(`select count(*)::int as n from pg_namespace where nspname = ?`, [schema])).rows[0].n).toBe(0);
    const real = await sync([productBrand, tagLink({})]);
    expect(real.steps.map((step) => step.sql)).toEqual(dry.steps.map((step) => step.sql));
    await insertLink(tagLink({}), "p1", "t1");
    const grown = tagLink({ extraColumns: { rank: { type: "integer", default: 0 }, flag: { type: "boolean", default: true } } });
    const dryAdd = await sync([grown], { dryRun: true, allowDestructive: true });
    expect(dryAdd.steps.map((step) => [step.kind, step.applied])).toEqual([
      ["add_column", false],
      ["drop_table", false],
    ]);
    expect(await columns("link_sync_tag")).not.toHaveProperty("flag");
    expect(await tableExists(productBrand.table)).toBe(true);
  });

  it("onRefused: throw raises SYNC_REFUSED naming the change and applies nothing", async () => {
    await sync([tagLink({})]);
    const changed = tagLink({ extraColumns: { rank: { type: "text", default: "0" }, note: { type: "text", nullable: true } } });
    await expect(sync([changed], { onRefused: "throw" })).rejects.toMatchObject({
      code: "SYNC_REFUSED",
      message: expect.stringContaining('"link_sync_tag"."rank"'),
    });
    expect(await columns("link_sync_tag")).not.toHaveProperty("note");
  });

  it("a changed default is applied to new rows without touching existing ones", async () => {
    await sync([tagLink({})]);
    await insertLink(tagLink({}), "p1", "t1");
    const plan = await sync([tagLink({ extraColumns: { rank: { type: "integer", default: 7 } } })]);
    expect(plan.steps.map((step) => [step.kind, step.applied, step.sql])).toEqual([
      ["alter_column_default", true, [`alter table "${schema}"."link_sync_tag" alter column "rank" set default 7`]],
    ]);
    await insertLink(tagLink({}), "p2", "t1");
    expect((await getKnex().raw(`select rank from "${schema}".link_sync_tag order by product_id`)).rows.map((r: { rank: number }) => r.rank)).toEqual([0, 7]);
    expect((await sync([tagLink({ extraColumns: { rank: { type: "integer", default: 7 } } })])).steps).toEqual([]);
  });

  it("two links claiming one table are refused before anything is touched", async () => {
    const again = defineLink(Product.linkable.product, Brand.linkable.brand, { name: "again", database: { table: productBrand.table } });
    await expect(sync([productBrand, again])).rejects.toMatchObject({ code: "TABLE_NAME_COLLISION" });
    expect(await tableExists(productBrand.table)).toBe(false);
  });

  it("store.sync uses the store's schema", async () => {
    const store = new KnexLinkStore({ knex: getKnex(), schema });
    expect((await store.sync([productBrand])).steps.map((step) => step.kind)).toEqual(["create_schema", "create_table"]);
    expect(await tableExists(productBrand.table)).toBe(true);
  });
}
