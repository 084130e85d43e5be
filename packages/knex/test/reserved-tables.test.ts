import { LinkError, RESERVED_TABLE_PREFIX, defineLink } from "@modlink/core";
import { afterAll, describe, expect, it } from "vitest";
import { syncLinkTables } from "../src";
import { Brand, Product, freshSchema, productBrand, productTag } from "./helpers/fixtures";
import { openTestPglite } from "./helpers/pglite-database";

const pglite = await openTestPglite("memory");
afterAll(() => pglite.close());

describe("sync's own tables", () => {
  it("carry core's reserved prefix, so no link table can take their names", async () => {
    const schema = freshSchema("reserved");
    await syncLinkTables(pglite.knex, [productBrand, productTag], { schema });
    const { rows } = await pglite.knex.raw(`select tablename from pg_tables where schemaname = ? order by tablename`, [schema]);
    const own = (rows as { tablename: string }[]).map((row) => row.tablename).filter((name) => name !== productBrand.table && name !== productTag.table);
    expect(own.length).toBeGreaterThanOrEqual(2);
    for (const table of own) {
      expect(table.startsWith(RESERVED_TABLE_PREFIX), table).toBe(true);
      const refused = (() => {
        try {
          return defineLink(Product.linkable.product, Brand.linkable.brand, { database: { table } });
        } catch (error) {
          return error;
        }
      })();
      expect(refused, table).toBeInstanceOf(LinkError);
      expect(refused).toMatchObject({ code: "INVALID_DEFINITION" });
    }
  });
});
