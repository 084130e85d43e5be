import type { GraphQuery, OrderInput, RelationPagination } from "@modlink/query";
import { type HostileQuery, show } from "./hostile-query-values";
import type { QuerySeed } from "./query-seed";
import { type QueryEntityName, QueryModels } from "./query-world";

/**
 * Queries whose shape the caller controls, all valid and within the cost
 * limits (depth <= 2, no link followed twice in one path, <= 4 order terms,
 * take < 1,000): sort keys and directions, pages at every edge, nested
 * pages and orders, and field selections. Judged by the oracle as exact.
 */

const DIRECTIONS = ["asc", "desc"] as const;

function exact(query: GraphQuery): HostileQuery {
  const { entity, ...rest } = query;
  return { name: `${entity} ${show(rest)}`, query, accept: "exact", values: [] };
}

/** Root sort keys: every own field, `brand.name` through a link and through the read-only key, up to four terms, both spellings. */
export function orderQueries(seed: QuerySeed, random: () => number): HostileQuery[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sortable: Record<QueryEntityName, readonly string[]> = {
    product: [...Object.keys(QueryModels.product.columns), "brand.name", "brand.id"],
    brand: Object.keys(QueryModels.brand.columns),
    tag: [...Object.keys(QueryModels.tag.columns), "brand.name"],
  };
  const term = (field: string): OrderInput => (random() < 0.3 ? field : { field, direction: pick(DIRECTIONS) });
  const queries: HostileQuery[] = [];
  for (const entity of ["product", "brand", "tag"] as const) {
    for (const field of sortable[entity]) {
      for (const direction of DIRECTIONS) queries.push(exact({ entity, fields: ["id", field], order: [{ field, direction }] }));
    }
    for (let i = 0; i < 25; i++) {
      const order = Array.from({ length: 1 + Math.floor(random() * 4) }, () => term(pick(sortable[entity])));
      const pagination = random() < 0.5 ? { skip: Math.floor(random() * 12), take: 1 + Math.floor(random() * 15) } : undefined;
      const filters = entity === "product" && random() < 0.4 ? { title: { $like: pick(["%'%", "%\\%%", "%_%", "%🙂%"]) } } : undefined;
      queries.push(
        exact({ entity, fields: ["id", ...order.map((t) => (typeof t === "string" ? t : t.field))], order, pagination, filters, withDeleted: random() < 0.15 }),
      );
    }
  }
  return queries;
}

/** Skip and take at every edge of the 37 live products, with own and linked sort keys (sliced in SQL or in memory). */
export function paginationQueries(seed: QuerySeed): HostileQuery[] {
  const live = seed.product.filter((row) => row.deleted_at === null).length;
  const skips = [0, 1, 7, live - 1, live, live + 1, 1_000, 1_000_000, Number.MAX_SAFE_INTEGER];
  const takes = [undefined, 0, 1, 2, 10, live, 999];
  const orders: readonly (readonly OrderInput[] | undefined)[] = [undefined, [{ field: "title", direction: "desc" }], ["brand.name", "price"]];
  return orders.flatMap((order) =>
    skips.flatMap((skip) => takes.map((take) => exact({ entity: "product", fields: ["id", "title"], order, pagination: { skip, take } }))),
  );
}

/** Each parent's list paged and sorted: by own fields, by `link.<column>`, two levels deep. */
export function nestedQueries(random: () => number): HostileQuery[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const page = (fields: readonly string[]): RelationPagination => {
    const order = Array.from({ length: Math.floor(random() * 3) }, () => ({ field: pick(fields), direction: pick(DIRECTIONS) }));
    return { order, ...(random() < 0.7 ? { skip: Math.floor(random() * 3) } : {}), ...(random() < 0.7 ? { take: Math.floor(random() * 4) } : {}) };
  };
  const tagOrder = ["label", "brand_id", "id", "link.rank", "link.note"];
  const productOrder = ["title", "price", "released_at", "active", "id"];
  const queries: HostileQuery[] = [];
  for (let i = 0; i < 20; i++) {
    queries.push(
      exact({
        entity: "product",
        fields: ["id", "tags.label", "tags.brand_id", "tags.link.rank", "tags.link.note"],
        pagination: { take: 12, relations: { tags: page(tagOrder) } },
      }),
    );
    queries.push(
      exact({
        entity: "brand",
        fields: ["id", "products.title", "products.price", "products.tags.label"],
        pagination: { relations: { products: page(productOrder), "products.tags": page(tagOrder) } },
      }),
    );
    queries.push(
      exact({
        entity: "tag",
        fields: ["id", "products.title", "products.active", "products.brand.name"],
        pagination: { relations: { products: page(productOrder) } },
      }),
    );
  }
  // Not by `stock` (int8): drivers return int8 as text, and nested lists are sorted in memory by that text
  // (README, known bug 7), so the oracle's numeric order would not hold. The root sort by stock is in SQL.
  return queries;
}

/** Field selections of every shape: `*`, own fields, relations, relation fields, link columns, two levels. */
export function fieldQueries(): HostileQuery[] {
  const selections: readonly (readonly [QueryEntityName, readonly string[] | undefined])[] = [
    ["product", undefined],
    ["product", ["*"]],
    ["product", ["id"]],
    ["product", ["title", "stock", "released_at", "active"]],
    ["product", ["*", "brand"]],
    ["product", ["title", "brand.*", "tags.label"]],
    ["product", ["id", "tags.link.rank", "tags.link.note", "tags.brand.name"]],
    ["product", ["brand.name", "brand.name", "id", "*"]],
    ["brand", ["*", "products.title", "products.tags.label"]],
    ["brand", ["name", "products"]],
    ["tag", ["*", "brand.*", "products.title", "products.brand.name"]],
    ["tag", ["label", "brand"]],
  ];
  return selections.flatMap(([entity, fields]) => [false, true].map((withDeleted) => exact({ entity, fields, withDeleted })));
}
