import { LinkError, RemoteLink, defineLink, defineModule, linkTableOf } from "@modlink/core";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseValue } from "../src/canonical";
import { openPgliteMemory } from "../src/pglite-memory";
import { openPostgresSchema } from "../src/postgres-server";
import { type StoreUnderTest, knexUnderTest, memoryUnderTest } from "../src/store-under-test";
import { untyped } from "../src/untyped-remote-link";

/*
 * Edge values at the boundary of what SQL can hold. For each, the stores
 * must agree: every store stores and returns the value as given, or every
 * store refuses it up front as invalid input (and writes nothing). A value
 * the memory store accepts but a SQL store rejects with STORE_FAILURE, or
 * silently changes, is a bug: the same application behaves differently
 * depending on its storage.
 */

const Item = defineModule("item", { models: ["item"] });
const Box = defineModule("box", { models: ["box"] });
const columns = {
  note: { type: "text", nullable: true },
  views: { type: "bigint", nullable: true },
  meta: { type: "json", nullable: true },
  seen_at: { type: "timestamp", nullable: true },
} as const;
const itemBox = defineLink(Item.linkable.item, Box.linkable.box, { database: { table: "link_fidelity", extraColumns: columns } });

type Column = keyof typeof columns;
interface Edge {
  readonly name: string;
  /** The item id to link (ids are values too). */
  readonly id?: string;
  readonly column?: Column;
  readonly value?: unknown;
}

const edges: readonly Edge[] = [
  { name: "an id with a lone high surrogate", id: "item_\ud800" },
  { name: "an id with a lone low surrogate", id: "item_\udfff" },
  { name: "text with a lone surrogate", column: "note", value: "a\ud800b" },
  { name: "JSON with a NUL character in a string", column: "meta", value: { a: "x\u0000y" } },
  { name: "JSON with a NUL character in a key", column: "meta", value: { "\u0000": 1 } },
  { name: "JSON that is a lone surrogate string", column: "meta", value: "\udc00" },
  { name: "JSON holding Infinity", column: "meta", value: { n: Number.POSITIVE_INFINITY } },
  { name: "JSON holding NaN", column: "meta", value: [Number.NaN] },
  { name: "a bigint string past int64", column: "views", value: "9999999999999999999" },
  { name: "a bigint value past int64", column: "views", value: 2n ** 64n },
  { name: "a timestamp in year 50", column: "seen_at", value: new Date("0050-06-15T12:00:00.000Z") },
  { name: "a timestamp before year 1 (BC)", column: "seen_at", value: new Date("-000001-01-01T00:00:00.000Z") },
  { name: "the latest Date JavaScript has", column: "seen_at", value: new Date(8.64e15) },
  { name: "a date string of a day that does not exist", column: "seen_at", value: "2020-02-30" },
  { name: "a bare number as a date string", column: "seen_at", value: "12345" },
  { name: "a date string with a GMT offset PostgreSQL does not read", column: "seen_at", value: "Tue, 01 Jan 2030 00:00:00 GMT+0900" },
];

const server = await openPostgresSchema("fidelity");
let pglite: Knex;
const targets: StoreUnderTest[] = [];

beforeAll(async () => {
  targets.push(memoryUnderTest());
  pglite = await openPgliteMemory();
  targets.push(await knexUnderTest("PGlite", pglite, "fidelity", [itemBox]));
  if (server) targets.push(await knexUnderTest("PostgreSQL", server.connect({ poolMax: 2 }), server.schema, [itemBox]));
});
afterAll(async () => {
  await pglite?.destroy();
  await server?.close();
});

/** What one store made of the edge: the value read back, or the error code, and how many rows it holds. */
async function attempt(target: StoreUnderTest, edge: Edge): Promise<{ store: string; result: string; rows: number }> {
  const remoteLink = untyped(new RemoteLink({ links: [itemBox], store: await target.fresh() }));
  const id = edge.id ?? "item_1";
  const data = edge.column === undefined ? undefined : { [edge.column]: edge.value };
  const result = await remoteLink.create({ item: { item_id: id }, box: { box_id: "box_1" }, ...(data ? { data } : {}) }).then(
    async () => {
      const [row] = await remoteLink.list({ item: { item_id: id } });
      const got = edge.column === undefined ? String(row?.item_id) : normaliseValue(columns[edge.column].type, row?.[edge.column]);
      const wanted = edge.column === undefined ? id : normaliseValue(columns[edge.column].type, edge.value);
      return got === wanted ? "stored verbatim" : `stored as ${JSON.stringify(got)} instead of ${JSON.stringify(wanted)}`;
    },
    (error: unknown) => (error instanceof LinkError ? `refused: ${error.code}` : `untyped error: ${String(error)}`),
  );
  const [rows] = await target.rawTables([linkTableOf(itemBox)]);
  return { store: target.name, result, rows: rows?.length ?? 0 };
}

describe("data at the edge of what SQL can hold: every store agrees", () => {
  it.each(edges)("$name: every store stores it verbatim, or every store refuses it as invalid input and writes nothing", async (edge) => {
    const results = [];
    for (const target of targets) results.push(await attempt(target, edge));
    const first = results[0]!;
    const agreed = results.every((r) => r.result === first.result);
    expect(results, "stores disagree").toEqual(results.map((r) => ({ ...r, result: first.result, rows: first.rows })));
    expect(agreed && (first.result === "stored verbatim" || /^refused: INVALID_(DATA|ID)$/.test(first.result)), first.result).toBe(true);
  });
});
