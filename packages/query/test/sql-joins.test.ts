import { describe, expect, it } from "vitest";
import { RemoteLink, defineLink, defineModule, type LinkStore } from "@modlink/core";
import { LinkQuery, listRecordsInMemory, type JoinReader, type PageRead, type QueryableModuleService, type SqlSource } from "../src";
import { ListedLinksStore } from "./helpers/listed-links-store";

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);

const products = [
  { id: "p1", title: "Anvil", deleted_at: null },
  { id: "p2", title: "Bucket", deleted_at: null },
];
const brands = [{ id: "b1", label: "acme", deleted_at: null }];

function module(model: string, fields: readonly string[], rows: readonly Record<string, unknown>[], sqlSource?: SqlSource): QueryableModuleService {
  return { models: { [model]: { fields } }, listRecords: async (_model, query) => listRecordsInMemory(rows, query), ...(sqlSource ? { sqlSource } : {}) };
}

/** A store without links that declares join reads (with no reader when `reader` is null), answering every page with no rows and recording it. */
function joiningStore(pages: PageRead[], reader: Partial<JoinReader> | null = {}): LinkStore {
  const store = new ListedLinksStore([]);
  const joinReader: JoinReader | undefined =
    reader === null
      ? undefined
      : {
          database: "main",
          readHop: async () => [],
          readPage: async (read) => {
            pages.push(read);
            return { rows: [], count: 0 };
          },
          ...reader,
        };
  return Object.assign(store, { capabilities: { outerTransaction: false, joinReads: true }, joinReader });
}

const brandSource: SqlSource = { database: "main", tables: { brand: { table: "brands", columns: { label: "name" } } } };
const productSource: SqlSource = { database: "main", schema: "shop", tables: { product: { table: "product" } } };

describe("the co-located join path", () => {
  it("a filter and a sort by a linked field reach the store as one page read, in columns, ending with the primary key", async () => {
    const pages: PageRead[] = [];
    const store = joiningStore(pages);
    const remoteLink = new RemoteLink({ links: [productBrand], store });
    const modules = {
      product: module("product", ["id", "title", "deleted_at"], products, productSource),
      brand: module("brand", ["id", "label", "deleted_at"], brands, brandSource),
    };
    const query = new LinkQuery({ graph: remoteLink.graph, store, modules });
    await query.graph({ entity: "product", fields: ["title"], filters: { brand: { label: "acme" } }, order: ["brand.label"], pagination: { take: 5 } });
    const [page] = pages;
    expect(page?.root).toEqual({ schema: "shop", table: "product", primaryKey: "id", deletedAt: "deleted_at" });
    expect(page?.filter.some[0]?.filter.conditions).toEqual([{ column: "name", op: "eq", value: "acme" }]);
    expect(page?.order.map((key) => [key.path.length, key.column, key.direction])).toEqual([
      [1, "name", "asc"],
      [0, "id", "asc"],
    ]);
  });

  it("modules in another database than the store's, or a store without join reads, take the general path", async () => {
    const pages: PageRead[] = [];
    const elsewhere = { ...brandSource, database: "analytics" };
    for (const [store, source] of [
      [joiningStore(pages), elsewhere],
      [new ListedLinksStore([]), brandSource],
    ] as const) {
      const query = new LinkQuery({
        store,
        graph: new RemoteLink({ links: [productBrand], store }).graph,
        modules: { brand: module("brand", ["id", "label", "deleted_at"], brands, source) },
      });
      expect((await query.graph({ entity: "brand", fields: ["label"] })).data).toEqual([{ id: "b1", label: "acme" }]);
    }
    expect(pages).toEqual([]);
  });

  it("a bad sqlSource, or join reads declared without a reader, fail at construction naming the fix", () => {
    const make =
      (source: SqlSource, store: LinkStore = joiningStore([])) =>
      () =>
        new LinkQuery({
          store,
          graph: new RemoteLink({ links: [productBrand], store }).graph,
          modules: { brand: module("brand", ["id", "label", "deleted_at"], brands, source) },
        });
    expect(make({ database: "main", tables: {} })).toThrow(/no table for model "brand"/);
    expect(make({ database: "main", tables: { brand: { table: "Brands; drop table x" } } })).toThrow(/lower-case letters, digits and underscores/);
    expect(make({ database: "main", tables: { brand: { table: "brand" } } })).not.toThrow();
    expect(make({ database: "main", tables: { brand: { table: "brand", columns: { colour: "c" } } } })).toThrow(/"colour", which is not one of its fields/);
    expect(make({ database: "main", tables: { brand: { table: "brand", deletedAt: "removed_at" } } })).toThrow(/deletedAt names "removed_at"/);
    expect(make(brandSource, joiningStore([], null))).toThrow(expect.objectContaining({ code: "MISSING_CAPABILITY" }));
  });
});
