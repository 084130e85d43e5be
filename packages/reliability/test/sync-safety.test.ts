import { LinkError, RemoteLink } from "@modlink/core";
import { KnexLinkStore, syncLinkTables } from "@modlink/knex";
import fc from "fast-check";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonical } from "../src/canonical";
import { openPgliteMemory } from "../src/pglite-memory";
import { openPostgresSchema } from "../src/postgres-server";
import { type LinkVersion, SAFETY_TABLE, linkVersions, sampleData, versionLink } from "../src/sync-versions";
import { untyped } from "../src/untyped-remote-link";

const server = await openPostgresSchema("sync");
let pglite: Knex;
let postgres: Knex | undefined;
let schemas = 0;

beforeAll(async () => {
  pglite = await openPgliteMemory();
  if (server) postgres = server.connect({ poolMax: 2 });
});
afterAll(async () => {
  await pglite?.destroy();
  await server?.close();
});

const backends = [
  { name: "PGlite", knex: () => pglite, schema: () => `sync_${++schemas}` },
  ...(server ? [{ name: "PostgreSQL", knex: () => postgres!, schema: () => server.subSchema(`s${++schemas}`) }] : []),
];

const note = { type: "text", nullable: true } as const;
const rank = { type: "integer", default: 0 } as const;
const base: LinkVersion = { productList: true, tagList: true, right: "tag", columns: { note, rank } };

/** Every row and column of the table, as stored. */
async function dump(knex: Knex, schema: string): Promise<Record<string, unknown>[]> {
  return (await knex.raw(`select * from "${schema}"."${SAFETY_TABLE}" order by id`)).rows;
}

/** Syncs `version`, then creates `rows` pairs with data through the store. */
async function withRows(knex: Knex, schema: string, version: LinkVersion, pairs: readonly [string, string][]): Promise<void> {
  const link = versionLink(version);
  const store = new KnexLinkStore({ knex, schema });
  await store.sync([link], { onRefused: "throw" });
  const remoteLink = untyped(new RemoteLink({ links: [link], store }));
  for (const [i, [product, other]] of pairs.entries()) {
    await remoteLink.create({ product: { product_id: product }, [link.right.module]: { [link.right.key]: other }, data: sampleData(version, i) });
  }
}

/** Every value of every row before is still there, unchanged, after. */
function expectNoValueLost(before: readonly Record<string, unknown>[], after: readonly Record<string, unknown>[]): void {
  const byId = new Map(after.map((row) => [row.id, row]));
  for (const row of before) {
    const kept = byId.get(row.id);
    expect(kept, `row ${String(row.id)}`).toBeDefined();
    for (const [column, value] of Object.entries(row)) expect(canonical(kept?.[column]), `${String(row.id)}.${column}`).toBe(canonical(value));
  }
}

const refused = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: unknown) => error,
  );

describe.each(backends)("sync safety on $name", ({ knex: getKnex, schema: newSchema }) => {
  it("removing a link keeps its table and rows; allowDestructive alone still keeps them; only dropTables as well drops it", async () => {
    const [knex, schema] = [getKnex(), newSchema()];
    await withRows(knex, schema, base, [
      ["p1", "t1"],
      ["p2", "t1"],
    ]);
    const before = await dump(knex, schema);
    const plain = await syncLinkTables(knex, [], { schema });
    expect(plain.steps.map((step) => [step.kind, step.applied])).toEqual([["drop_table", false]]);
    await syncLinkTables(knex, [], { schema, allowDestructive: true });
    expect(await dump(knex, schema)).toEqual(before);
    await syncLinkTables(knex, [], { schema, allowDestructive: true, dropTables: true });
    expect((await knex.raw(`select to_regclass(?) as t`, [`"${schema}"."${SAFETY_TABLE}"`])).rows[0].t).toBeNull();
  });

  it("making a many side one on rows that break it is refused without allowDestructive, and with it fails as a whole, keeping every row", async () => {
    const [knex, schema] = [getKnex(), newSchema()];
    await withRows(knex, schema, base, [
      ["p1", "t1"],
      ["p1", "t2"],
    ]);
    const before = await dump(knex, schema);
    const oneTag = versionLink({ ...base, tagList: false });
    expect((await syncLinkTables(knex, [oneTag], { schema })).steps.map((step) => [step.kind, step.applied])).toEqual([["change_cardinality", false]]);
    expect(await refused(syncLinkTables(knex, [oneTag], { schema, onRefused: "throw" }))).toMatchObject({ code: "SYNC_REFUSED" });
    const error = await refused(syncLinkTables(knex, [oneTag], { schema, allowDestructive: true }));
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({ code: "STORE_FAILURE" });
    expect(await dump(knex, schema)).toEqual(before);
  });

  it("changing a column type keeps every value unless allowDestructive; a cast that cannot succeed fails as a whole", async () => {
    const [knex, schema] = [getKnex(), newSchema()];
    await withRows(knex, schema, base, [
      ["p1", "t1"],
      ["p2", "t2"],
    ]);
    const before = await dump(knex, schema);
    const noteAsInteger = versionLink({ ...base, columns: { rank, note: { type: "integer", nullable: true } } });
    expect((await syncLinkTables(knex, [noteAsInteger], { schema })).steps.map((step) => [step.kind, step.applied])).toEqual([["alter_column_type", false]]);
    expect(await dump(knex, schema)).toEqual(before);
    expect(await refused(syncLinkTables(knex, [noteAsInteger], { schema, allowDestructive: true }))).toMatchObject({ code: "STORE_FAILURE" });
    expect(await dump(knex, schema)).toEqual(before);
    const rankAsText = versionLink({ ...base, columns: { note, rank: { type: "text", default: "0" } } });
    await syncLinkTables(knex, [rankAsText], { schema, allowDestructive: true });
    expect((await dump(knex, schema)).map((row) => row.rank)).toEqual(before.map((row) => String(row.rank)));
  });

  it("removing an extra column or requiring a nullable one keeps every value unless allowDestructive", async () => {
    const [knex, schema] = [getKnex(), newSchema()];
    await withRows(knex, schema, base, [
      ["p1", "t1"],
      ["p2", "t2"],
      ["p3", "t3"],
    ]);
    const before = await dump(knex, schema);
    expect(before.some((row) => row.note === null)).toBe(true);
    const changes: LinkVersion[] = [
      { ...base, columns: { rank } },
      { ...base, columns: { rank, note: { type: "text", default: "filled" } } },
    ];
    for (const changed of changes) {
      const plan = await syncLinkTables(knex, [versionLink(changed)], { schema });
      expect(plan.steps.filter((step) => step.destructive).every((step) => !step.applied)).toBe(true);
      expect(await dump(knex, schema)).toEqual(before);
    }
  });

  it("renaming a key keeps the old key column and its ids, and sync without allowDestructive reports the change instead of failing", async () => {
    const [knex, schema] = [getKnex(), newSchema()];
    await withRows(knex, schema, base, [
      ["p1", "t1"],
      ["p2", "t2"],
    ]);
    const before = await dump(knex, schema);
    const renamed = await refused(syncLinkTables(knex, [versionLink({ ...base, right: "label" })], { schema }));
    expect(await dump(knex, schema)).toEqual(before);
    expect(renamed, "sync threw instead of reporting the refused steps").toBeUndefined();
  });

  it("property: whatever changes between two versions of a link, a sync without allowDestructive changes or removes no stored value", async () => {
    const knex = getKnex();
    await fc.assert(
      fc.asyncProperty(linkVersions, linkVersions, async (from, to) => {
        const schema = newSchema();
        const rights = from.tagList ? ["r1", "r1", "r2"] : ["r1", "r2", "r3"];
        const lefts = from.productList ? ["p1", "p2", "p3"] : ["p1", "p1", "p2"];
        const pairs = lefts
          .map((left, i) => [left, rights[i]!] as [string, string])
          .filter(([l, r], i, all) => all.findIndex(([l2, r2]) => l2 === l && r2 === r) === i);
        await withRows(knex, schema, from, from.productList && from.tagList ? pairs : pairs.slice(0, 1));
        const before = await dump(knex, schema);
        // Failing as a whole is safe too (a key rename does today); applying a destructive step is not.
        const plan = await syncLinkTables(knex, [versionLink(to)], { schema }).catch((error: unknown) => {
          expect(error).toBeInstanceOf(LinkError);
          return { steps: [] };
        });
        expect(plan.steps.filter((step) => step.destructive && step.applied)).toEqual([]);
        expectNoValueLost(before, await dump(knex, schema));
        await knex.raw(`drop schema "${schema}" cascade`);
      }),
      { numRuns: 15 },
    );
  }, 300_000);
});
