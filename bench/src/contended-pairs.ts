import { type AnyLinkDefinition, RemoteLink } from "@modlink/core";
import type { KnexLinkStore } from "@modlink/knex";
import { BENCH_TABLES, q, recordId } from "./fixtures";
import { createBySql } from "./product-brand";
import type { SqlClient } from "./sql-client";
import type { Side } from "./workload";

/** W8's two links: "featured" (many to many) and a product's one brand (one to many). */
export const ContendedLinks = ["featured", "brand"] as const;
export type ContendedLink = (typeof ContendedLinks)[number];

/** One pair W8 writes. */
export interface ContendedPair {
  readonly link: ContendedLink;
  readonly product: string;
  readonly brand: string;
}

const PRODUCTS = 20;
const BRANDS = 5;
/** Share of calls that write the one-to-many link. */
const BRAND_LINK_SHARE = 0.2;

/**
 * Every pair W8 writes, the same set in every process: 20 products x 5 brands
 * on "featured", and on the one-to-many link each product's one brand
 * (product i, brand i % 5), so its live-unique index is checked by every
 * write and never broken: failures come from concurrency, not from the input.
 */
export const CONTENDED_PAIRS: readonly ContendedPair[] = Object.freeze([
  ...Array.from({ length: PRODUCTS * BRANDS }, (_, i) => pair("featured", i % PRODUCTS, Math.floor(i / PRODUCTS))),
  ...Array.from({ length: PRODUCTS }, (_, i) => pair("brand", i, i % BRANDS)),
]);

function pair(link: ContendedLink, product: number, brand: number): ContendedPair {
  return Object.freeze({ link, product: recordId("prod", product), brand: recordId("brand", brand) });
}

/**
 * The pairs process `processIndex` writes, one per call, as indexes into
 * `CONTENDED_PAIRS`: drawn by a generator seeded with the process index, so
 * both sides make the same calls in the same order.
 */
export function contendedCalls(processIndex: number, count: number): number[] {
  const random = mulberry32(processIndex + 1);
  const featured = PRODUCTS * BRANDS;
  return Array.from({ length: count }, () => (random() < BRAND_LINK_SHARE ? featured + Math.floor(random() * PRODUCTS) : Math.floor(random() * featured)));
}

/** A small seeded generator of numbers in [0, 1): the same sequence on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The two link tables one side of W8 writes. */
export function contendedTables(side: Side): Readonly<Record<ContendedLink, AnyLinkDefinition>> {
  return { featured: BENCH_TABLES.contendedMany[side], brand: BENCH_TABLES.contendedOne[side] };
}

export function contendedRemoteLink(store: KnexLinkStore) {
  return new RemoteLink({ links: [BENCH_TABLES.contendedOne.modlink, BENCH_TABLES.contendedMany.modlink], store });
}

export type ContendedRemoteLink = ReturnType<typeof contendedRemoteLink>;

/** modlink's call: one `create` of one pair. */
export async function createByRemoteLink(remoteLink: ContendedRemoteLink, pair: ContendedPair): Promise<void> {
  const input = { catalog: { product_id: pair.product }, brand: { brand_id: pair.brand } };
  await (pair.link === "featured" ? remoteLink.create({ ...input, link: "featured" }) : remoteLink.create(input));
}

/** The baseline's call: W1's hand-written upsert (`on conflict (left, right) do update`) of one pair, one statement. */
export async function createPairBySql(sql: SqlClient, pair: ContendedPair): Promise<void> {
  await createBySql(sql, contendedTables("baseline")[pair.link], [pair.product], [pair.brand]);
}

/** Empties both tables of a side before a run. */
export async function emptyContendedTables(sql: SqlClient, side: Side): Promise<void> {
  const tables = Object.values(contendedTables(side)).map((link) => q(link.table));
  await sql.query(`truncate table ${tables.join(", ")}`);
}

/**
 * Throws unless the live rows of a side's tables are exactly the pairs some
 * call reported created: no pair lost, none written by a call that failed.
 */
export async function verifyContendedRows(sql: SqlClient, side: Side, created: ReadonlySet<number>): Promise<void> {
  // A key for set membership only; it is never parsed back.
  const keyOf = (link: ContendedLink, product: unknown, brand: unknown) => JSON.stringify([link, product, brand]);
  const indexOf = new Map(CONTENDED_PAIRS.map((p, index) => [keyOf(p.link, p.product, p.brand), index]));
  const live = new Set<number>();
  const tables = contendedTables(side);
  for (const link of ContendedLinks) {
    const table = tables[link];
    const { rows } = await sql.query(
      `select ${q(table.left.column)} as "left", ${q(table.right.column)} as "right" from ${q(table.table)} where "deleted_at" is null`,
    );
    for (const row of rows) {
      const index = indexOf.get(keyOf(link, row.left, row.right));
      if (index === undefined) throw new Error(`W8 ${side}: ${table.table} holds a pair no call wrote: ${String(row.left)}, ${String(row.right)}`);
      live.add(index);
    }
  }
  const lost = [...created].filter((index) => !live.has(index));
  const unreported = [...live].filter((index) => !created.has(index));
  if (lost.length > 0 || unreported.length > 0) {
    throw new Error(`W8 ${side}: ${lost.length} pair(s) reported created are not live, ${unreported.length} live pair(s) no call reported created`);
  }
}
