import { describe, expect, it } from "vitest";
import { LinkError, RESERVED_TABLE_PREFIX, defineLink, defineModule } from "../src";
import { Brand, Product } from "./fixtures";

const refusal = (make: () => unknown) => {
  try {
    make();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe("the table names modlink keeps for itself", () => {
  it.each(["modlink_link_tables", "modlink_migrations", "modlink_outbox", "modlink_"])(
    "defineLink refuses database.table %s with INVALID_DEFINITION saying to pick another",
    (table) => {
      const error = refusal(() => defineLink(Product.linkable.product, Brand.linkable.brand, { database: { table } }));
      expect(error).toBeInstanceOf(LinkError);
      expect(error).toMatchObject({ code: "INVALID_DEFINITION" });
      expect((error as Error).message).toContain(`"${table}" starts with "${RESERVED_TABLE_PREFIX}"`);
      expect((error as Error).message).toContain("Pick another database.table");
    },
  );

  it("derived names start with link_, so modules and links named modlink never reach the reserved prefix", () => {
    const Modlink = defineModule("modlink", { models: ["link_tables"] });
    const Migrations = defineModule("modlinkMigrations", { models: ["modlink"] });
    const link = defineLink(Modlink.linkable.linkTables, Migrations.linkable.modlink, { name: "modlink" });
    expect(link.table).toBe("link_modlink_link_tables_modlink_migrations_modlink_modlink");
    expect(link.table.startsWith(RESERVED_TABLE_PREFIX)).toBe(false);
    expect(defineLink(Product.linkable.product, Brand.linkable.brand, { database: { table: "my_modlink_links" } }).table).toBe("my_modlink_links");
  });
});
