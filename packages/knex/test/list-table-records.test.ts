import { type FieldCondition, type RecordQuery, listRecordsInMemory } from "@modlink/query";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTableRecords } from "../src";
import { type TestPglite, openTestPglite } from "./helpers/pglite-database";

/*
 * listTableRecords, the query translator modules written with knex share,
 * against the query engine's in-memory reference (`listRecordsInMemory`):
 * the same rows, order and count for every operator, nulls included.
 */

const gone = new Date("2024-01-01T00:00:00Z");
const rows = [
  { id: "i1", name: "red", brand_id: "b1", stock: 3, deleted_at: null },
  { id: "i2", name: "green", brand_id: null, stock: 0, deleted_at: null },
  { id: "i3", name: "Blue", brand_id: "b2", stock: 7, deleted_at: null },
  { id: "i4", name: "black", brand_id: "b1", stock: null, deleted_at: gone },
  { id: "i5", name: "brown", brand_id: null, stock: 5, deleted_at: null },
];
const fields = ["id", "name", "brand_id", "stock", "deleted_at"];

const conditions: readonly (readonly FieldCondition[])[] = [
  [],
  [{ field: "brand_id", op: "eq", value: "b1" }],
  [{ field: "brand_id", op: "ne", value: "b1" }],
  [{ field: "brand_id", op: "in", value: ["b1", "b2"] }],
  [{ field: "brand_id", op: "nin", value: ["b1"] }],
  [{ field: "brand_id", op: "nin", value: [] }],
  [{ field: "brand_id", op: "in", value: [] }],
  [{ field: "brand_id", op: "null", value: true }],
  [{ field: "brand_id", op: "null", value: false }],
  [{ field: "stock", op: "gt", value: 2 }],
  [{ field: "stock", op: "lte", value: 5 }],
  [{ field: "name", op: "like", value: "b%" }],
  [{ field: "name", op: "ilike", value: "b%" }],
  [
    { field: "stock", op: "gte", value: 0 },
    { field: "brand_id", op: "nin", value: ["b2"] },
  ],
];

let pglite: TestPglite;
beforeAll(async () => {
  pglite = await openTestPglite("memory");
  await pglite.knex.raw(`create schema "shop"`);
  await pglite.knex.schema.withSchema("shop").createTable("items", (t) => {
    t.text("id").primary();
    // Code-point order, as the in-memory reference sorts.
    t.text("name").notNullable().collate("C");
    t.text("brand_id").nullable();
    t.integer("stock").nullable();
    t.timestamp("deleted_at", { useTz: true }).nullable();
  });
  await pglite.knex.withSchema("shop").table("items").insert(rows);
});
afterAll(() => pglite?.close());

const read = (query: RecordQuery) => listTableRecords(pglite.knex, { schema: "shop", table: "items" }, query);
const only = (page: { rows: readonly Record<string, unknown>[]; count?: number }) => ({ ids: page.rows.map((row) => row.id), count: page.count });

describe("listTableRecords", () => {
  it("finds the rows the in-memory reference finds, for every operator, with and without deleted records", async () => {
    for (const given of conditions) {
      for (const withDeleted of [false, true]) {
        const query: RecordQuery = { conditions: given, fields, order: [{ field: "id", direction: "asc" }], withDeleted, withCount: true };
        expect([given, withDeleted, only(await read(query))]).toEqual([given, withDeleted, only(listRecordsInMemory(rows, query))]);
      }
    }
  });

  it("sorts, pages and counts before paging as the reference does", async () => {
    const query: RecordQuery = {
      conditions: [{ field: "stock", op: "gte", value: 0 }],
      fields: ["id", "name"],
      order: [{ field: "name", direction: "desc" }],
      skip: 1,
      take: 2,
      withDeleted: false,
      withCount: true,
    };
    const page = await read(query);
    expect(only(page)).toEqual(only(listRecordsInMemory(rows, query)));
    expect(only(page)).toEqual({ ids: ["i2", "i5"], count: 4 });
  });

  it("reads only the given ids, and nothing for an empty list of ids without a statement", async () => {
    const query: RecordQuery = { ids: ["i2", "i4", "i9"], conditions: [], fields: ["id"], order: [], withDeleted: true, withCount: true };
    expect(only(await read(query))).toEqual({ ids: ["i2", "i4"], count: 2 });
    let statements = 0;
    const count = () => statements++;
    pglite.knex.on("query", count);
    try {
      expect(await read({ ...query, ids: [] })).toEqual({ rows: [], count: 0 });
    } finally {
      pglite.knex.off("query", count);
    }
    expect(statements).toBe(0);
  });
});
