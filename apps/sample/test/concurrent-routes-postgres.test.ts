import { linkTableOf } from "@modlink/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { productBrand } from "../src/links/product-brand.js";
import { type RunningServer, startServer } from "../src/start-server.js";
import { type ApiClient, apiClient, at } from "./helpers/api-client.js";
import { DatabaseBackDoor } from "./helpers/database-back-door.js";
import { freshPostgres } from "@modlink/test-support";
import { type HeldTransaction, PostgresSessions } from "./helpers/postgres-sessions.js";
import { type SampleRecords, expectError, freshRecords, linkedRecords } from "./helpers/sample-records.js";

/*
 * What only a server with many connections shows: a connection killed in the
 * middle of a route, and routes racing for one product. Each ordering is
 * forced with a lock the test holds and observed in pg_blocking_pids, so
 * outcomes never depend on the machine's speed.
 */

const database = await freshPostgres("sample");

afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!database)("routes under killed connections and concurrent requests, on PostgreSQL", () => {
  let server: RunningServer;
  let api: ApiClient;
  let db: DatabaseBackDoor;
  let sessions: PostgresSessions;

  beforeAll(async () => {
    const url = database?.url ?? "";
    server = await startServer({ databaseUrl: url, port: 0, seed: false });
    api = apiClient(server.url);
    db = new DatabaseBackDoor(server.container.resolve("knex"));
    sessions = new PostgresSessions(url);
  });

  afterEach(async () => {
    await sessions.rollbackOpenTransactions();
  });

  afterAll(async () => {
    await sessions?.close();
    await server?.close();
  });

  /** Holds my_custom `id` locked for update: a cascade writing it waits, after the product's rows and the links are written. */
  async function holdCustom(id: string): Promise<HeldTransaction> {
    const held = await sessions.begin();
    await held.trx.raw(`select 1 from "my_customs" where "id" = ? for update`, [id]);
    return held;
  }

  const productSide = (r: SampleRecords) => [r.productId, r.variantId, r.otherVariantId];

  it("a connection killed inside the delete's cascade commits nothing, and sending the delete again deletes and cascades", async () => {
    const r = await linkedRecords(api);
    const held = await holdCustom(r.customId);
    const deleting = api.delete(`/products/${r.productId}`);
    await sessions.terminate(await sessions.waitUntilBlocked(held.pid, deleting));
    const killed = await deleting;
    await held.trx.rollback();
    expect(killed.status, killed.text).toBeGreaterThanOrEqual(500);
    expect(await db.isDeleted("products", r.productId)).toBe(false);
    expect(await db.isDeleted("product_variants", r.variantId)).toBe(false);
    expect(await db.liveLinks(productSide(r))).toBe(3);

    const again = await api.delete(`/products/${r.productId}`);
    expect(again.status, again.text).toBe(200);
    expect(at(again.body, "cascade", "records")).toEqual({ helloModuleService: { my_custom_id: [r.customId] } });
    expect(await db.isDeleted("products", r.productId)).toBe(true);
    expect(await db.liveLinks(productSide(r))).toBe(0);
  });

  it("a connection killed inside the restore's cascade commits nothing, and sending the restore again restores everything", async () => {
    const r = await linkedRecords(api);
    expect((await api.delete(`/products/${r.productId}`)).status).toBe(200);
    const held = await holdCustom(r.customId);
    const restoring = api.post(`/products/${r.productId}/restore`);
    await sessions.terminate(await sessions.waitUntilBlocked(held.pid, restoring));
    const killed = await restoring;
    await held.trx.rollback();
    expect(killed.status, killed.text).toBeGreaterThanOrEqual(500);
    expect(await db.isDeleted("products", r.productId)).toBe(true);
    expect(await db.isDeleted("product_variants", r.variantId)).toBe(true);
    expect(await db.liveLinks(productSide(r))).toBe(0);

    const again = await api.post(`/products/${r.productId}/restore`);
    expect(again.status, again.text).toBe(200);
    expect(at(again.body, "cascade", "records")).toEqual({ helloModuleService: { my_custom_id: [r.customId] } });
    expect(await db.isDeleted("products", r.productId)).toBe(false);
    expect(await db.isDeleted("my_customs", r.customId)).toBe(false);
    expect(await db.liveLinks(productSide(r))).toBe(3);
  });

  /** A fresh product linked only to its my_custom record, so its delete cascades (and can be held there). */
  async function productWithCustom(): Promise<SampleRecords> {
    const r = await freshRecords(api);
    const linked = await api.post("/links", { product: { product_id: r.productId }, helloModuleService: { my_custom_id: r.customId } });
    expect(linked.status, linked.text).toBe(201);
    return r;
  }

  it("a link create reaching a product whose delete is in flight waits, then refuses it: no live link to a deleted product", async () => {
    const r = await productWithCustom();
    const held = await holdCustom(r.customId);
    const deleting = api.delete(`/products/${r.productId}`);
    const deleteBackend = await sessions.waitUntilBlocked(held.pid, deleting);
    const linking = api.post("/links", { product: { product_id: r.productId }, brand: { brand_id: r.brandId } });
    await sessions.waitUntilBlocked(deleteBackend, linking);
    await held.trx.rollback();

    const deleted = await deleting;
    expect(deleted.status, deleted.text).toBe(200);
    expectError(await linking, 404, "NOT_FOUND");
    expect(await db.isDeleted("products", r.productId)).toBe(true);
    expect(await db.liveLinks(productSide(r))).toBe(0);
  });

  it("a link create checking a product whose deletion another transaction has not committed yet waits for it, then refuses it", async () => {
    const r = await freshRecords(api);
    const held = await sessions.begin();
    // The product module deleting the product in a unit of work of its own, not yet committed.
    await held.trx("products").where({ id: r.productId }).update({ deleted_at: new Date() });
    const linking = api.post("/links", { product: { product_id: r.productId }, brand: { brand_id: r.brandId } });
    await sessions.waitUntilBlocked(held.pid, linking);
    await held.trx.commit();

    expectError(await linking, 404, "NOT_FOUND");
    expect(await db.liveLinks(productSide(r))).toBe(0);
  });

  it("a delete reaching a product while a link create to it is in flight waits, then cascades the new link too", async () => {
    const r = await productWithCustom();
    const brandLinks = linkTableOf(productBrand).name;
    const held = await sessions.begin();
    // Share mode lets the create lock its records but not insert its link row: it stops there, holding its locks.
    await held.trx.raw(`lock table "${brandLinks}" in share mode`);
    const linking = api.post("/links", { product: { product_id: r.productId }, brand: { brand_id: r.brandId } });
    const linkBackend = await sessions.waitUntilBlocked(held.pid, linking);
    const deleting = api.delete(`/products/${r.productId}`);
    await sessions.waitUntilBlocked(linkBackend, deleting);
    await held.trx.rollback();

    const linked = await linking;
    expect(linked.status, linked.text).toBe(201);
    const deleted = await deleting;
    expect(deleted.status, deleted.text).toBe(200);
    expect(at(deleted.body, "cascade", "links", brandLinks)).toBe(1);
    expect(await db.isDeleted("products", r.productId)).toBe(true);
    expect(await db.liveLinks(productSide(r))).toBe(0);
  });

  it("a delete chosen by PostgreSQL to break a deadlock is rolled back and run again, and answers 200", async () => {
    const r = await linkedRecords(api);
    const held = await sessions.begin();
    // The test's side never looks for the deadlock, so PostgreSQL always breaks it on the route's side.
    await held.trx.raw("set local deadlock_timeout = '10min'");
    await held.trx.raw(`select 1 from "my_customs" where "id" = ? for update`, [r.customId]);
    const deleting = api.delete(`/products/${r.productId}`);
    await sessions.waitUntilBlocked(held.pid, deleting);
    // The delete holds the product row and waits for the my_custom row: asking for the product row closes the cycle.
    await held.trx.raw(`select 1 from "products" where "id" = ? for update`, [r.productId]);
    await held.trx.commit();

    const deleted = await deleting;
    expect(deleted.status, deleted.text).toBe(200);
    expect(at(deleted.body, "cascade", "records")).toEqual({ helloModuleService: { my_custom_id: [r.customId] } });
    expect(await db.isDeleted("products", r.productId)).toBe(true);
    expect(await db.isDeleted("my_customs", r.customId)).toBe(true);
    expect(await db.liveLinks(productSide(r))).toBe(0);
  });
});
