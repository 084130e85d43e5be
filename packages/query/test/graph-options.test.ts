import { describe, expect, it } from "vitest";
import { LinkError, RemoteLink, defineLink, defineModule } from "@modlink/core";
import {
  type GraphQuery,
  LinkQuery,
  RecordNotFoundError,
  type QueryableModuleService,
  type RecordCallOptions,
  defineReadOnlyLink,
  listRecordsInMemory,
} from "../src";
import { ListedLinksStore } from "./helpers/listed-links-store";

const Product = defineModule("product", { models: ["product"] });
const Brand = defineModule("brand", { models: ["brand"] });
const Hello = defineModule("helloModuleService", { models: ["my_custom"] });
const productBrand = defineLink({ linkable: Product.linkable.product, isList: true }, Brand.linkable.brand);
const customBrand = defineReadOnlyLink({ linkable: Hello.linkable.myCustom, field: "brand_id" }, Brand.linkable.brand);
const brandCustoms = defineReadOnlyLink(
  { linkable: Brand.linkable.brand, field: "id" },
  { linkable: Hello.linkable.myCustom, field: "brand_id", isList: true },
);

const gone = new Date("2024-01-01T00:00:00Z");
const rows: Record<"product" | "brand" | "my_custom", Record<string, unknown>[]> = {
  product: [
    { id: "p1", title: "Anvil", deleted_at: null },
    { id: "p2", title: "Bucket", deleted_at: null },
    { id: "p3", title: "Chisel", deleted_at: gone },
  ],
  brand: [
    { id: "b1", name: "acme", deleted_at: null },
    { id: "b2", name: "bolt", deleted_at: null },
  ],
  my_custom: [
    { id: "c1", name: "red", brand_id: "b1", deleted_at: null },
    { id: "c2", name: "blue", brand_id: null, deleted_at: null },
  ],
};

/** One `listRecords` call: the module, and the third argument it received. */
interface Call {
  readonly module: string;
  readonly options: RecordCallOptions | undefined;
}

function setup() {
  const calls: Call[] = [];
  const service = (module: string, model: keyof typeof rows, fields: readonly string[]): QueryableModuleService => ({
    models: { [model]: { fields } },
    listRecords: async (_model, query, options) => {
      calls.push({ module, options });
      return listRecordsInMemory(rows[model], query);
    },
  });
  const modules = {
    product: service("product", "product", ["id", "title", "deleted_at"]),
    brand: service("brand", "brand", ["id", "name", "deleted_at"]),
    helloModuleService: service("helloModuleService", "my_custom", ["id", "name", "brand_id", "deleted_at"]),
  };
  // p1 -> b1; p2 has no brand; b2 has no product.
  const store = new ListedLinksStore([[productBrand, [{ left: "p1", right: "b1" }]]]);
  const remoteLink = new RemoteLink({ links: [productBrand], store });
  const query = new LinkQuery({ graph: remoteLink.graph, store, modules, readOnlyLinks: [customBrand, brandCustoms] });
  return { query, calls, modules, remoteLink, store };
}

async function failure(run: Promise<unknown>): Promise<LinkError> {
  const outcome = await run.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof LinkError)) throw new Error(`expected a LinkError, got ${String(outcome)}`);
  return outcome;
}

describe("graph() with throwIfKeyNotFound", () => {
  it("fails with RECORD_NOT_FOUND naming the entity and each missing id, soft-deleted ones included unless withDeleted", async () => {
    const { query } = setup();
    const error = await failure(query.graph({ entity: "product", filters: { id: ["p1", "p9", "p3"] } }, { throwIfKeyNotFound: true }));
    expect(error).toBeInstanceOf(RecordNotFoundError);
    expect(error).toMatchObject({ code: "RECORD_NOT_FOUND", entity: "product", ids: ["p9", "p3"], relation: undefined });
    expect(error.message).toMatch(/no product record matching the filters has the id "p9", "p3" of filters\.id among live records.*withDeleted: true/);
    const withDeleted = await query.graph(
      { entity: "product", fields: ["id"], filters: { id: ["p1", "p3"] }, withDeleted: true },
      { throwIfKeyNotFound: true },
    );
    expect(withDeleted.data).toEqual([{ id: "p1" }, { id: "p3" }]);
  });

  it("without the option, missing ids are simply absent", async () => {
    const { data } = await setup().query.graph({ entity: "product", fields: ["id"], filters: { id: ["p1", "p9"] } });
    expect(data).toEqual([{ id: "p1" }]);
  });

  it("takes the ids from a value, an array, $eq or $in on the primary key, and an id the other filters exclude is not found", async () => {
    const { query } = setup();
    const found = (filters: GraphQuery["filters"]) => query.graph({ entity: "brand", fields: ["id"], filters }, { throwIfKeyNotFound: true });
    expect((await found({ id: "b1" })).data).toEqual([{ id: "b1" }]);
    expect((await found({ id: { $in: ["b2", "b1"] } })).data).toEqual([{ id: "b1" }, { id: "b2" }]);
    expect((await found({ id: { $eq: "b2" } })).data).toEqual([{ id: "b2" }]);
    expect((await found({ id: { $in: [] } })).data).toEqual([]);
    await expect(found({ id: ["b1", "b2"], name: "acme" })).rejects.toMatchObject({ code: "RECORD_NOT_FOUND", ids: ["b2"] });
    await expect(found({ id: "b1", products: { title: "Bucket" } })).rejects.toMatchObject({ code: "RECORD_NOT_FOUND", ids: ["b1"] });
  });

  it("cuts a long list of missing ids in the message and keeps them all in the error", async () => {
    const missing = Array.from({ length: 25 }, (_, i) => `nope_${i}`);
    const error = await failure(setup().query.graph({ entity: "brand", filters: { id: missing } }, { throwIfKeyNotFound: true }));
    expect((error as RecordNotFoundError).ids).toEqual(missing);
    expect(error.message).toContain(`"nope_0", "nope_1", "nope_2", "nope_3", "nope_4", "nope_5", "nope_6", "nope_7", "nope_8", "nope_9", … and 15 more`);
    expect(error.message).not.toContain("nope_10");
  });

  it("is refused with INVALID_INPUT before any fetch when the filter gives no ids or a page could leave found ones out", async () => {
    const { query, calls } = setup();
    const refused: [GraphQuery, RegExp][] = [
      [{ entity: "product" }, /the filter must give ids: filters: \{ id: "<id>" \}/],
      [{ entity: "product", filters: { title: "Anvil", id: { $ne: "p2" } } }, /the filter must give ids/],
      [{ entity: "product", filters: { brand: { id: "b1" } } }, /the filter must give ids/],
      [{ entity: "product", filters: { id: ["p1", "p2"] }, pagination: { take: 1 } }, /pagination \(skip 0, take 1\).*take at least 2/],
      [{ entity: "product", filters: { id: "p1" }, pagination: { skip: 1 } }, /Drop pagination\.skip/],
    ];
    for (const [input, message] of refused) {
      await expect(query.graph(input, { throwIfKeyNotFound: true }), JSON.stringify(input)).rejects.toMatchObject({
        code: "INVALID_INPUT",
        message: expect.stringMatching(message),
      });
    }
    expect(calls).toEqual([]);
  });
});

describe("graph() with throwIfRelationNotFound", () => {
  it("true fails on a one relation that would be null, naming the entity, the record ids and the relation", async () => {
    const { query } = setup();
    const error = await failure(query.graph({ entity: "product", fields: ["id", "brand.name"] }, { throwIfRelationNotFound: true }));
    expect(error).toMatchObject({ code: "RECORD_NOT_FOUND", entity: "product", ids: ["p2"], relation: "brand" });
    expect(error.message).toMatch(/the product record "p2" has no linked record under "brand".*to get null instead/);
    const linked = await query.graph({ entity: "product", fields: ["id", "brand.name"], filters: { id: "p1" } }, { throwIfRelationNotFound: true });
    expect(linked.data).toEqual([{ id: "p1", brand: { id: "b1", name: "acme" } }]);
  });

  it("an empty list fails as Medusa's missing link row does, and a read-only link with no key fails too", async () => {
    const { query } = setup();
    await expect(query.graph({ entity: "brand", fields: ["products.id"] }, { throwIfRelationNotFound: true })).rejects.toMatchObject({
      ids: ["b2"],
      relation: "products",
      message: expect.stringMatching(/to get an empty list instead/),
    });
    await expect(query.graph({ entity: "my_custom", fields: ["brand.name"] }, { throwIfRelationNotFound: ["brand"] })).rejects.toMatchObject({
      entity: "my_custom",
      ids: ["c2"],
      relation: "brand",
    });
  });

  it("a list of paths checks only those relations, by their path in fields", async () => {
    const { query } = setup();
    const fields = ["id", "my_customs.name", "products.brand.name"];
    const options = { throwIfRelationNotFound: ["my_customs"], limits: { allowRevisits: true } };
    await expect(query.graph({ entity: "brand", fields }, options)).rejects.toMatchObject({ entity: "brand", ids: ["b2"], relation: "my_customs" });
    const nested = await query.graph({ entity: "brand", fields, filters: { id: "b1" } }, { ...options, throwIfRelationNotFound: ["products.brand"] });
    expect(nested.data).toEqual([{ id: "b1", my_customs: [{ id: "c1", name: "red" }], products: [{ id: "p1", brand: { id: "b1", name: "acme" } }] }]);
    const none = await query.graph({ entity: "product", fields: ["brand.name"] }, { throwIfRelationNotFound: [] });
    expect(none.data.map((product) => product.brand)).toEqual([{ id: "b1", name: "acme" }, null]);
  });

  it("names that fields do not select, and values that are not a boolean or a list of paths, are INVALID_INPUT before any fetch", async () => {
    const { query, calls } = setup();
    const refused: [unknown, RegExp][] = [
      [["maker"], /names "maker", which fields do not select.*selected here: brand/],
      [["brand", "my_customs"], /names "my_customs", which fields do not select/],
      ["brand", /is "brand"; use true \(every selected relation\), false, or an array of relation paths/],
      [[1], /is an array of 1; use true/],
    ];
    for (const [throwIfRelationNotFound, message] of refused) {
      await expect(query.graph({ entity: "product", fields: ["brand.name"] }, { throwIfRelationNotFound } as never)).rejects.toMatchObject({
        code: "INVALID_INPUT",
        message: expect.stringMatching(message),
      });
    }
    expect(calls).toEqual([]);
  });
});

describe("graph() context", () => {
  it("reaches every listRecords call of the query as the same object, and undefined without it", async () => {
    const { query, calls } = setup();
    const context = { locale: "fr-FR", tenant: { id: "t1" } };
    await query.graph({ entity: "product", fields: ["brand.name"], filters: { brand: { name: "acme" } }, order: ["brand.name"], context });
    expect(calls.map((call) => call.module)).toEqual(["brand", "product", "brand", "product", "brand"]);
    for (const call of calls) expect(call.options?.context).toBe(context);
    calls.length = 0;
    await query.graph({ entity: "product", fields: ["brand.name"] });
    expect(calls.map((call) => call.options)).toEqual([{ context: undefined }, { context: undefined }]);
  });

  it("that is not an object is INVALID_INPUT before any fetch", async () => {
    const { query, calls } = setup();
    for (const context of ["fr", 1, null, ["fr"]]) {
      await expect(query.graph({ entity: "product", context } as never)).rejects.toMatchObject({
        code: "INVALID_INPUT",
        message: expect.stringMatching(/context must be an object, passed as it is to every module's listRecords/),
      });
    }
    expect(calls).toEqual([]);
  });
});

describe("options objects of the query API", () => {
  it("refuse an unknown name with INVALID_INPUT naming it and the names they take", async () => {
    const { query, modules, remoteLink, store, calls } = setup();
    const refusedCalls: [Promise<unknown>, RegExp][] = [
      [query.graph({ entity: "product", filter: {} } as never), /graph\(\) has no option "filter"; it takes entity, .*withDeleted and context/],
      [query.graph({ entity: "product", pagination: { limit: 1 } } as never), /pagination has no option "limit"; it takes skip, take and relations/],
      [query.graph({ entity: "product", order: [{ field: "title", dir: "desc" }] } as never), /order term has no option "dir"; it takes field and direction/],
      [
        query.graph({ entity: "brand", fields: ["products.id"], pagination: { relations: { products: { limit: 1 } } } } as never),
        /pagination\.relations\["products"\] has no option "limit"/,
      ],
      [
        query.graph({ entity: "product" }, { throwIfKeyNotFund: true } as never),
        /graph\(\)'s second argument has no option "throwIfKeyNotFund"; it takes limits, throwIfKeyNotFound/,
      ],
      [query.graph({ entity: "product" }, { limits: { maxDeep: 1 } } as never), /no limit "maxDeep"/],
      [query.graph({ entity: "product" }, { throwIfKeyNotFound: "yes" } as never), /throwIfKeyNotFound is "yes"; use true or false/],
    ];
    for (const [run, message] of refusedCalls) await expect(run).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(message) });
    expect(calls).toEqual([]);

    const refusedNow: [() => unknown, RegExp][] = [
      [() => new LinkQuery({ graph: remoteLink.graph, store, modules, readOnlyLink: [] } as never), /new LinkQuery\(\) has no option "readOnlyLink"/],
      [() => new LinkQuery({ modules, limits: { maxDeep: 1 } } as never), /no limit "maxDeep"/],
      [
        () => defineReadOnlyLink({ linkable: Hello.linkable.myCustom, field: "brand_id" }, Brand.linkable.brand, { nam: "x" } as never),
        /options has no option "nam"/,
      ],
      [
        () => defineReadOnlyLink({ linkable: Hello.linkable.myCustom, fields: "brand_id" } as never, Brand.linkable.brand),
        /first argument has no option "fields"/,
      ],
      [
        () =>
          defineReadOnlyLink({ linkable: Brand.linkable.brand, field: "id" }, { linkable: Hello.linkable.myCustom, field: "brand_id", islist: true } as never),
        /second argument has no option "islist"; it takes linkable, field and isList/,
      ],
      [
        () => listRecordsInMemory([], { conditions: [], fields: [], order: [], withDeleted: false, withCount: false }, { deletedAt: "gone" } as never),
        /no option "deletedAt"/,
      ],
    ];
    for (const [run, message] of refusedNow) expect(run).toThrow(expect.objectContaining({ code: "INVALID_INPUT", message: expect.stringMatching(message) }));
  });
});
