import { describe, expect, it } from "vitest";
import { LinkError, defineLink } from "../src";
import { Brand, Product } from "./fixtures";

const withColumn = (column: object) => () =>
  defineLink(Product.linkable.product, Brand.linkable.brand, { database: { extraColumns: { x: column as { type: "json"; nullable: true } } } });

const refusal = (make: () => unknown) => {
  try {
    make();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe("extra column defaults hold only values every store keeps exactly", () => {
  it.each([
    ["a JSON default holding -0", { type: "json", default: { n: [-0] } }, 'the default of extra column "x".n[0] is -0, which jsonb stores as 0'],
    ["a timestamp default with an offset past 15:59", { type: "timestamp", default: "2030-01-01T00:00:00+16:00" }, "from -15:59 to +15:59"],
    ["a timestamp default finer than milliseconds", { type: "timestamp", default: "2030-01-01T00:00:00.0001Z" }, "timestamps hold milliseconds"],
  ])("refuses %s with INVALID_DEFINITION saying why", (_what, column, says) => {
    const error = refusal(withColumn(column));
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({ code: "INVALID_DEFINITION" });
    expect((error as Error).message).toContain(says);
  });

  it("keeps a float default of -0 and an integer default of -0 as 0, as PostgreSQL would", () => {
    const link = defineLink(Product.linkable.product, Brand.linkable.brand, {
      database: { extraColumns: { ratio: { type: "float", default: -0 }, rank: { type: "integer", default: -0 } } },
    });
    expect(link.extraColumns.ratio.default).toBe(-0);
    expect(link.extraColumns.rank.default).toBe(0);
  });
});
