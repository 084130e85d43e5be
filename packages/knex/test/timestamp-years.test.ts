import { linkTableOf } from "@modlink/core";
import type { Knex } from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { KnexLinkStore } from "../src";
import { freshSchema, productTag } from "./helpers/fixtures";
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

/** The last millisecond of each year: years 1-99 are the ones `new Date(text)` reads as 1901-1999. */
const instants = [1, 50, 99, 100, 1999, 9999].map((year) => new Date(`${String(year).padStart(4, "0")}-12-31T23:59:59.999Z`));

/** Timestamp texts as PostgreSQL prints them, and what `pg` makes of each. */
const texts: readonly { sql: string; type: "timestamptz" | "timestamp"; value: Date | number }[] = [
  { sql: "0001-01-01 00:00:00+00", type: "timestamptz", value: new Date("0001-01-01T00:00:00.000Z") },
  { sql: "0050-06-15 12:00:00.123456+00", type: "timestamptz", value: new Date("0050-06-15T12:00:00.123Z") },
  { sql: "0099-12-31 23:59:59.999999+00", type: "timestamptz", value: new Date("0099-12-31T23:59:59.999Z") },
  { sql: "0100-01-01 00:00:00.5+00", type: "timestamptz", value: new Date("0100-01-01T00:00:00.500Z") },
  { sql: "9999-12-31 23:59:59.999+00", type: "timestamptz", value: new Date("9999-12-31T23:59:59.999Z") },
  { sql: "2020-06-15 12:00:00+05:30", type: "timestamptz", value: new Date("2020-06-15T06:30:00.000Z") },
  { sql: "0050-06-15 12:00:00-03:00", type: "timestamptz", value: new Date("0050-06-15T15:00:00.000Z") },
  { sql: "0050-06-15 12:00:00+00 BC", type: "timestamptz", value: new Date("-000049-06-15T12:00:00.000Z") },
  { sql: "infinity", type: "timestamptz", value: Number.POSITIVE_INFINITY },
  { sql: "-infinity", type: "timestamptz", value: Number.NEGATIVE_INFINITY },
  { sql: "0050-06-15 12:00:00.25", type: "timestamp", value: localTime(50, 5, 15, 12, 0, 0, 250) },
];

function localTime(year: number, ...rest: [number, number, number, number, number, number]): Date {
  const date = new Date(2000, ...rest);
  date.setFullYear(year);
  return date;
}

const read = async (knex: Knex) => Promise.all(texts.map(async ({ sql, type }) => (await knex.raw(`select ?::${type} as value`, [sql])).rows[0].value));

describe.each(backends)("timestamps on $name", ({ knex: getKnex }) => {
  it("years 1, 50, 99, 100, 1999 and 9999 round-trip through a timestamp extra column unchanged", async () => {
    const knex = getKnex();
    const schema = freshSchema("ts");
    const store = new KnexLinkStore({ knex, schema });
    const tags = linkTableOf(productTag);
    await store.sync([productTag]);
    await store.transaction((tx) =>
      tx.upsertLinks(
        tags,
        instants.map((seen_at, i) => ({ left: `p${i}`, right: "t1", data: { seen_at } })),
      ),
    );
    const listed = await store.transaction((tx) => tx.listLinks(tags, {}));
    expect([...listed].sort((a, b) => a.left.localeCompare(b.left)).map((link) => link.data.seen_at)).toEqual(instants);
    const raw = await knex.raw(`select seen_at from "${schema}"."${tags.name}" order by product_id`);
    expect(raw.rows.map((row: { seen_at: unknown }) => row.seen_at)).toEqual(instants);
  });

  it("reads PostgreSQL's timestamp text as pg does: any year, microseconds truncated, offsets, BC and infinity", async () => {
    expect(await read(getKnex())).toEqual(texts.map((text) => text.value));
  });
});

describe.skipIf(!postgres)("PGlite and pg agree", () => {
  it("every timestamp text reads as the same value from PGlite as from PostgreSQL through pg", async () => {
    expect(await read(pglite.knex)).toEqual(await read(postgres!));
  });
});
