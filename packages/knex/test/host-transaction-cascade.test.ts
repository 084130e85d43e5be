import { type CascadeContext, CascadeError, type KeyedIds, type LinkableModuleService, RemoteLink, defineLink, defineModule } from "@modlink/core";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KnexLinkStore, createKnex } from "../src";

const Product = defineModule("product", { models: ["product"] });
const Hello = defineModule("helloModuleService", { models: ["my_custom"] });
const Notes = defineModule("notes", { models: ["note"] });
const productCustom = defineLink(Product.linkable.product, { linkable: Hello.linkable.myCustom, deleteCascade: true });
const customNote = defineLink(Hello.linkable.myCustom, { linkable: Notes.linkable.note, isList: true, deleteCascade: true });

/** A module whose records live in the same PGlite database as the links. */
function tableModule(knex: Knex, table: string, key: string): LinkableModuleService {
  const flip = async (deleted: boolean, ids: readonly string[], ctx: CascadeContext): Promise<KeyedIds> => {
    const db = (ctx.transaction as Knex.Transaction | undefined) ?? knex;
    const rows = await db(table)
      .whereIn("id", [...ids])
      .where("deleted", !deleted)
      .update({ deleted })
      .returning("id");
    return { [key]: rows.map((row: { id: string }) => row.id) };
  };
  return { softDeleteRecords: (_m, ids, ctx) => flip(true, ids, ctx), restoreRecords: (_m, ids, ctx) => flip(false, ids, ctx) };
}

describe("cascades inside a host transaction on PGlite (one connection)", () => {
  let knex: Knex;
  let remoteLink: RemoteLink<readonly [typeof productCustom, typeof customNote]>;

  beforeAll(async () => {
    knex = await createKnex("pglite://memory");
    for (const table of ["my_custom", "note"]) {
      await knex.schema.createTable(table, (t) => {
        t.text("id").primary();
        t.boolean("deleted").notNullable().defaultTo(false);
      });
    }
    const store = new KnexLinkStore({ knex });
    await store.sync([productCustom, customNote]);
    const failingNotes: LinkableModuleService = {
      softDeleteRecords: async () => {
        throw new Error("notes are read-only today");
      },
      restoreRecords: async () => ({}),
    };
    remoteLink = new RemoteLink({
      links: [productCustom, customNote],
      store,
      services: { helloModuleService: tableModule(knex, "my_custom", "my_custom_id"), notes: failingNotes },
    });
  });
  afterAll(async () => {
    await knex.destroy();
  });

  it("a module failing at level 2 is compensated inside the host's transaction, which stays usable", async () => {
    await knex("my_custom").insert({ id: "c1" });
    await knex("note").insert({ id: "n1" });
    await remoteLink.create([
      { product: { product_id: "p1" }, helloModuleService: { my_custom_id: "c1" } },
      { helloModuleService: { my_custom_id: "c1" }, notes: { note_id: "n1" } },
    ]);
    const error = await knex
      .transaction(async (trx) => {
        await remoteLink.delete({ product: { product_id: "p1" } }, { transaction: trx });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CascadeError);
    expect(await knex("my_custom").where({ id: "c1" }).first()).toMatchObject({ deleted: false });
    expect(await remoteLink.list({ product: { product_id: "p1" } })).toHaveLength(1);
  });
});
