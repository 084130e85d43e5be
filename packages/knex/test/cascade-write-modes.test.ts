import {
  type CascadeContext,
  CascadeError,
  type KeyedIds,
  type LinkableModuleService,
  type ModuleWriteMode,
  RemoteLink,
  defineLink,
  defineModule,
} from "@modlink/core";
import type { Knex } from "knex";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KnexLinkStore } from "../src";
import { type TestPglite, openTestPglite } from "./helpers/pglite-database";

const Product = defineModule("product", { models: ["product"] });
const Hello = defineModule("helloModuleService", { models: ["my_custom"] });
const Notes = defineModule("notes", { models: ["note"] });
const productCustom = defineLink(Product.linkable.product, { linkable: Hello.linkable.myCustom, deleteCascade: true });
const customNote = defineLink(Hello.linkable.myCustom, { linkable: Notes.linkable.note, isList: true, deleteCascade: true });
const links = [productCustom, customNote] as const;

interface Call {
  readonly operation: "delete" | "restore";
  readonly ids: readonly string[];
  readonly deletionId: string;
}

/**
 * A module that deletes and restores by deletion id. "joins-transaction":
 * its records live in a table of the same database, written on the
 * cascade's transaction. "separate": they live in the module's own storage
 * (a map here: PGlite has one connection, held by the cascade), written at once.
 */
class RecordsModule implements LinkableModuleService {
  readonly calls: Call[] = [];
  failOn: "delete" | "restore" | undefined;
  /** Calls that fail as PostgreSQL's deadlock victim would, before any write. */
  deadlocks = 0;
  readonly #knex: Knex;
  readonly #table: string;
  readonly #key: string;
  /** The separate module's own storage: id -> deletion id (null: live). */
  readonly #own = new Map<string, string | null>();

  constructor(
    knex: Knex,
    table: string,
    key: string,
    readonly writeMode: ModuleWriteMode,
  ) {
    this.#knex = knex;
    this.#table = table;
    this.#key = key;
  }

  async seed(ids: readonly string[]): Promise<void> {
    if (this.writeMode === "separate") for (const id of ids) this.#own.set(id, null);
    else await this.#knex(this.#table).insert(ids.map((id) => ({ id })));
  }

  async deletionIds(): Promise<Record<string, string | null>> {
    if (this.writeMode === "separate") return Object.fromEntries(this.#own);
    const rows: { id: string; deletion_id: string | null }[] = await this.#knex(this.#table).select("id", "deletion_id").orderBy("id");
    return Object.fromEntries(rows.map((row) => [row.id, row.deletion_id]));
  }

  softDeleteRecords(_model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    return this.#write("delete", ids, context, null, context.deletionId);
  }

  restoreRecords(_model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    return this.#write("restore", ids, context, context.deletionId, null);
  }

  async #write(operation: Call["operation"], ids: readonly string[], context: CascadeContext, from: string | null, to: string | null): Promise<KeyedIds> {
    this.calls.push({ operation, ids, deletionId: context.deletionId });
    if (this.failOn === operation) throw new Error(`${this.#table} refuses to ${operation} today`);
    if (this.deadlocks > 0) {
      this.deadlocks--;
      throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
    }
    if (this.writeMode === "separate") {
      const changed = ids.filter((id) => this.#own.has(id) && this.#own.get(id) === from);
      for (const id of changed) this.#own.set(id, to);
      return { [this.#key]: changed };
    }
    const trx = context.transaction as Knex.Transaction;
    const query = trx(this.#table).whereIn("id", [...ids]);
    const rows: { id: string }[] = await (from === null ? query.whereNull("deletion_id") : query.where({ deletion_id: from }))
      .update({ deletion_id: to })
      .returning("id");
    return { [this.#key]: rows.map((row) => row.id) };
  }
}

describe("cascades and module write modes on PGlite", () => {
  let pglite: TestPglite;
  let store: KnexLinkStore;

  beforeAll(async () => {
    pglite = await openTestPglite("memory");
    for (const table of ["my_custom", "note"]) {
      await pglite.knex.schema.createTable(table, (t) => {
        t.text("id").primary();
        t.text("deletion_id").nullable();
      });
    }
    store = new KnexLinkStore({ knex: pglite.knex });
    await store.sync([...links]);
  });
  afterAll(async () => {
    await pglite.close();
  });
  beforeEach(async () => {
    for (const table of ["my_custom", "note", productCustom.table, customNote.table]) await pglite.knex(table).delete();
  });

  async function setUp(mode: ModuleWriteMode) {
    const customs = new RecordsModule(pglite.knex, "my_custom", "my_custom_id", mode);
    const notes = new RecordsModule(pglite.knex, "note", "note_id", mode);
    await customs.seed(["c1"]);
    await notes.seed(["n1", "n2"]);
    const remoteLink = new RemoteLink({ links, store, services: { helloModuleService: customs, notes } });
    const deletionIds = async () => ({ ...(await customs.deletionIds()), ...(await notes.deletionIds()) });
    return { customs, notes, remoteLink, deletionIds };
  }

  async function seedLinks(remoteLink: RemoteLink<typeof links>) {
    await remoteLink.create([
      { product: { product_id: "p1" }, helloModuleService: { my_custom_id: "c1" } },
      { helloModuleService: { my_custom_id: "c1" }, notes: { note_id: "n1" } },
      { helloModuleService: { my_custom_id: "c1" }, notes: { note_id: "n2" } },
    ]);
  }

  const linkRows = async () =>
    [
      ...(await pglite.knex(productCustom.table).select("deleted_at", "deletion_id")),
      ...(await pglite.knex(customNote.table).select("deleted_at", "deletion_id")),
    ].map((row) => ({ live: row.deleted_at === null, deletionId: row.deletion_id }));

  it("a module that joins the transaction and fails at level 2 is never compensated: the rollback alone undoes level 1", async () => {
    const { customs, notes, remoteLink, deletionIds } = await setUp("joins-transaction");
    await seedLinks(remoteLink);
    notes.failOn = "delete";
    await expect(remoteLink.delete({ product: { product_id: "p1" } })).rejects.toBeInstanceOf(CascadeError);
    expect(customs.calls.map((call) => call.operation)).toEqual(["delete"]);
    expect(await deletionIds()).toEqual({ c1: null, n1: null, n2: null });
    expect(await linkRows()).toEqual([
      { live: true, deletionId: null },
      { live: true, deletionId: null },
      { live: true, deletionId: null },
    ]);
  });

  it("a separate module is compensated after a failure with the deletion id of the failed cascade, not a stand-in", async () => {
    const { customs, notes, remoteLink, deletionIds } = await setUp("separate");
    await seedLinks(remoteLink);
    notes.failOn = "delete";
    await expect(remoteLink.delete({ product: { product_id: "p1" } })).rejects.toBeInstanceOf(CascadeError);
    const [deleted, compensated] = customs.calls;
    expect(deleted).toMatchObject({ operation: "delete", ids: ["c1"] });
    expect(compensated).toMatchObject({ operation: "restore", ids: ["c1"], deletionId: deleted?.deletionId });
    expect(await deletionIds()).toEqual({ c1: null, n1: null, n2: null });
  });

  it("a restore that fails in a separate module re-deletes what it restored under the original deletion id, so running it again is exact", async () => {
    const { customs, notes, remoteLink, deletionIds } = await setUp("separate");
    await seedLinks(remoteLink);
    const { deletionId } = await remoteLink.delete({ product: { product_id: "p1" } });
    expect(await deletionIds()).toEqual({ c1: deletionId, n1: deletionId, n2: deletionId });

    notes.failOn = "restore";
    await expect(remoteLink.restore({ product: { product_id: "p1" } })).rejects.toBeInstanceOf(CascadeError);
    expect(customs.calls.at(-1)).toMatchObject({ operation: "delete", ids: ["c1"], deletionId });
    expect(await deletionIds()).toEqual({ c1: deletionId, n1: deletionId, n2: deletionId });
    expect(await linkRows()).toEqual([
      { live: false, deletionId },
      { live: false, deletionId },
      { live: false, deletionId },
    ]);

    notes.failOn = undefined;
    await remoteLink.restore({ product: { product_id: "p1" } });
    expect(await deletionIds()).toEqual({ c1: null, n1: null, n2: null });
    expect(await linkRows()).toEqual([
      { live: true, deletionId: null },
      { live: true, deletionId: null },
      { live: true, deletionId: null },
    ]);
  });

  it("a restore that fails in a module joining the transaction leaves everything deleted under its deletion, and running it again is exact", async () => {
    const { customs, notes, remoteLink, deletionIds } = await setUp("joins-transaction");
    await seedLinks(remoteLink);
    const { deletionId } = await remoteLink.delete({ product: { product_id: "p1" } });
    notes.failOn = "restore";
    await expect(remoteLink.restore({ product: { product_id: "p1" } })).rejects.toBeInstanceOf(CascadeError);
    expect(customs.calls.map((call) => call.operation)).toEqual(["delete", "restore"]);
    expect(await deletionIds()).toEqual({ c1: deletionId, n1: deletionId, n2: deletionId });
    notes.failOn = undefined;
    await remoteLink.restore({ product: { product_id: "p1" } });
    expect(await deletionIds()).toEqual({ c1: null, n1: null, n2: null });
  });

  it("a cascade whose unit of work is a deadlock victim runs again from scratch, counted, without undoing what the rollback undid", async () => {
    const { customs, notes, remoteLink, deletionIds } = await setUp("joins-transaction");
    await seedLinks(remoteLink);
    const before = store.retries;
    notes.deadlocks = 1;
    const { deletionId } = await remoteLink.delete({ product: { product_id: "p1" } });
    expect(store.retries - before).toBe(1);
    expect(customs.calls.map((call) => call.operation)).toEqual(["delete", "delete"]);
    expect(await deletionIds()).toEqual({ c1: deletionId, n1: deletionId, n2: deletionId });
  });

  it("a cascade that is a deadlock victim at every attempt ends in TRANSACTION_CONFLICT saying how often it tried, and changes nothing", async () => {
    const { notes, remoteLink, deletionIds } = await setUp("joins-transaction");
    await seedLinks(remoteLink);
    notes.deadlocks = Number.POSITIVE_INFINITY;
    await expect(remoteLink.delete({ product: { product_id: "p1" } })).rejects.toMatchObject({
      code: "TRANSACTION_CONFLICT",
      message: expect.stringMatching(/^Gave up after 12 attempts, each rolled back by PostgreSQL as a deadlock/),
    });
    expect(await deletionIds()).toEqual({ c1: null, n1: null, n2: null });
    expect((await linkRows()).every((row) => row.live)).toBe(true);
  });

  it("a writeMode outside the closed set is INVALID_DEFINITION naming the module, before anything is written", async () => {
    const customs = new RecordsModule(pglite.knex, "my_custom", "my_custom_id", "joins" as ModuleWriteMode);
    const notes = new RecordsModule(pglite.knex, "note", "note_id", "separate");
    const remoteLink = new RemoteLink({ links, store, services: { helloModuleService: customs, notes } });
    await remoteLink.create({ product: { product_id: "p1" }, helloModuleService: { my_custom_id: "c1" } });
    await expect(remoteLink.delete({ product: { product_id: "p1" } })).rejects.toMatchObject({
      code: "INVALID_DEFINITION",
      message: expect.stringContaining(`"helloModuleService" declares writeMode "joins"`),
    });
    expect(customs.calls).toEqual([]);
    expect(await linkRows()).toEqual([{ live: true, deletionId: null }]);
  });
});
