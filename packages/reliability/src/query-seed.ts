import { seededRandom } from "./seeded-random";

/**
 * Text a query test stores and filters by: quotes, backslashes, LIKE
 * wildcards, SQL, placeholders, comment markers, case pairs and unicode.
 * Free of NUL bytes and lone surrogates (PostgreSQL text cannot hold them)
 * and of characters in U+E000-U+FFFF, where UTF-16 code-unit order and the
 * database's code-point order disagree; U+FFFD appears in titles only.
 */
export const TEXT_FRAGMENTS = [
  "it's",
  `"quoted"`,
  "back\\slash",
  "\\",
  "\\'",
  "%",
  "_",
  "%_%",
  "100%",
  "a_b",
  "a%b",
  "'; drop table q_product; --",
  "x' or '1'='1",
  "$1",
  "?",
  "??",
  ":name",
  "$$",
  "/*",
  "*/",
  "--",
  "Ünïcödé",
  "ü",
  "Ü",
  "🙂",
  "e\u0301",
  "中文",
  "עברית",
  "\u200b",
  "\u2028",
  "tab\tnl\n",
  " ",
  "",
  "ABC",
  "abc",
  "select",
  "null",
  "NULL",
  "0",
  "-1",
  "1e3",
] as const;

export type ProductRow = {
  readonly id: string;
  readonly title: string;
  readonly price: number | null;
  readonly stock: bigint | null;
  readonly released_at: Date | null;
  readonly active: boolean;
  readonly deleted_at: Date | null;
};

export type BrandRow = {
  readonly id: string;
  readonly name: string | null;
  readonly deleted_at: Date | null;
};

export type TagRow = {
  readonly id: string;
  readonly label: string;
  readonly brand_id: string | null;
  readonly deleted_at: Date | null;
};

/** A product -> brand link; `live: false` once dismissed. */
export type BrandLinkRow = {
  readonly product: string;
  readonly brand: string;
  readonly live: boolean;
};

/** A product <-> tag link with its extra columns. */
export type TagLinkRow = {
  readonly product: string;
  readonly tag: string;
  readonly rank: number;
  readonly note: string | null;
  readonly live: boolean;
};

// Type aliases rather than interfaces: the oracle reads rows as records of fields.

/** Every record and link of a query world, as plain data the oracle reads. */
export interface QuerySeed {
  readonly product: readonly ProductRow[];
  readonly brand: readonly BrandRow[];
  readonly tag: readonly TagRow[];
  readonly brandLinks: readonly BrandLinkRow[];
  readonly tagLinks: readonly TagLinkRow[];
}

const GONE = new Date("2024-01-01T00:00:00.000Z");
const STOCKS = [0n, -1n, 7n, 2n ** 53n + 1n, 2n ** 62n, 2n ** 63n - 1n, -(2n ** 63n)] as const;

/**
 * Records and links drawn from `seed`: 40 products, 8 brands, 10 tags, ids
 * and text full of hostile fragments, some records soft-deleted, some links
 * dismissed, some tags pointing at a brand that does not exist.
 *
 * @example makeQuerySeed(7).product[0] // the same record for seed 7, every run
 */
export function makeQuerySeed(seed: number): QuerySeed {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const text = (parts: number) => Array.from({ length: 1 + int(parts) }, () => pick(TEXT_FRAGMENTS)).join("");
  const id = (prefix: string, index: number) => `${prefix}${String(index).padStart(2, "0")}${pick(TEXT_FRAGMENTS)}`;

  const brand: BrandRow[] = Array.from({ length: 8 }, (_, i) => ({
    id: id("b", i),
    name: i === 3 ? null : text(2),
    deleted_at: i === 6 ? GONE : null,
  }));
  const product: ProductRow[] = Array.from({ length: 40 }, (_, i) => ({
    id: id("p", i),
    title: i % 9 === 4 ? `${text(1)}\uFFFD` : text(3),
    price: i % 10 === 7 ? null : int(141) - 20,
    stock: i % 8 === 5 ? null : random() < 0.5 ? pick(STOCKS) : BigInt(int(1000)),
    released_at: i % 11 === 2 ? null : new Date(Math.round((random() - 0.5) * 4e12)),
    active: random() < 0.5,
    deleted_at: i % 12 === 9 ? GONE : null,
  }));
  const tag: TagRow[] = Array.from({ length: 10 }, (_, i) => ({
    id: id("t", i),
    label: text(2),
    brand_id: i === 2 ? null : i === 5 ? "b_missing'" : pick(brand).id,
    deleted_at: i === 8 ? GONE : null,
  }));
  const brandLinks: BrandLinkRow[] = product.flatMap((row) => (random() < 0.85 ? [{ product: row.id, brand: pick(brand).id, live: random() > 0.15 }] : []));
  const tagLinks: TagLinkRow[] = product.flatMap((row) => {
    const chosen = new Set(Array.from({ length: int(4) }, () => pick(tag).id));
    return [...chosen].map((tagId) => ({ product: row.id, tag: tagId, rank: int(6), note: random() < 0.2 ? null : text(2), live: random() > 0.15 }));
  });
  return { product, brand, tag, brandLinks, tagLinks };
}
