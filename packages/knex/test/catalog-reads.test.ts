import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeIdentifier, escapedQualifiedName, tableColumns, tableHoldsRows, tablesNamedWith } from "../src";
import { type TestPglite, openTestPglite } from "./helpers/pglite-database";

let db: TestPglite;
beforeAll(async () => {
  db = await openTestPglite("memory");
  await db.knex.raw(`create schema "cat"`);
  await db.knex.raw(`create table "cat"."link_a" ("id" text primary key, "b_id" text)`);
  await db.knex.raw(`create table "cat"."linkxb" ("id" text)`);
  await db.knex.raw(`create table "cat"."link_Odd""Name" ("id" text)`);
  await db.knex.raw(`insert into "cat"."link_Odd""Name" values ('x')`);
});
afterAll(async () => {
  await db?.close();
});

describe("catalog reads for tools", () => {
  it("tablesNamedWith takes the prefix literally (`_` is no wildcard) and returns names as stored, sorted", async () => {
    expect(await tablesNamedWith(db.knex, "cat", "link_")).toEqual(['link_Odd"Name', "link_a"]);
    expect(await tablesNamedWith(db.knex, "nowhere", "link_")).toEqual([]);
  });

  it("tableHoldsRows and tableColumns read tables whatever their names", async () => {
    expect(await tableHoldsRows(db.knex, "cat", 'link_Odd"Name')).toBe(true);
    expect(await tableHoldsRows(db.knex, "cat", "link_a")).toBe(false);
    expect(await tableColumns(db.knex, "cat", "link_a")).toEqual(["id", "b_id"]);
    expect(await tableColumns(db.knex, "cat", "missing")).toEqual([]);
  });

  it("escapeIdentifier doubles quotes instead of refusing the name", () => {
    expect(escapeIdentifier('my"Table')).toBe('"my""Table"');
    expect(escapedQualifiedName("Cat", "t")).toBe('"Cat"."t"');
  });
});
