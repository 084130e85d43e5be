import { linkTableOf } from "@modlink/core";
import type { JoinFilter, JoinTable } from "@modlink/query";
import { describe, expect, it } from "vitest";
import { JoinSql } from "../src/sql/join-sql";
import { concat } from "../src/sql/sql-fragment";
import { productBrand } from "./helpers/fixtures";

const product: JoinTable = { schema: "shop", table: "product", primaryKey: "id", deletedAt: "deleted_at" };
const brand: JoinTable = { schema: undefined, table: "brand", primaryKey: "id", deletedAt: undefined };
const byBrand = (conditions: JoinFilter["conditions"]): JoinFilter => ({
  conditions: [{ column: "title", op: "eq", value: "x'; drop table product; --" }],
  some: [{ step: { kind: "link", link: linkTableOf(productBrand), fromSide: "left", toSide: "right", to: brand }, filter: { conditions, some: [] } }],
});

describe("joined statements", () => {
  it("bind every value, in placeholder order, and quote every name", () => {
    const where = concat(new JoinSql("public", false).filter("t0", product, byBrand([{ column: "name", op: "nin", value: ["acme"] }])), " and ");
    expect(where.text).not.toContain("drop table");
    expect(where.text).toContain(`exists (select 1 from "public"."link_product_product_brand_brand" as l2, "brand" as t1`);
    expect(where.text).toContain(`(t1."name" is not null and not (t1."name" = any(?)))`);
    expect(where.bindings).toEqual(["x'; drop table product; --", ["acme"]]);
    expect(where.text.split("?").length - 1).toBe(where.bindings.length);
  });

  it("refuse a name that is not a plain SQL identifier, even in a hand-built plan", () => {
    const sql = new JoinSql("public", true);
    expect(() => sql.filter("t0", product, byBrand([{ column: `name" or true --`, op: "eq", value: 1 }]))).toThrow(/not a usable SQL identifier/);
    expect(() => sql.tableAs({ ...brand, schema: "Shop" }, "t9")).toThrow(/not a usable SQL identifier/);
  });
});
