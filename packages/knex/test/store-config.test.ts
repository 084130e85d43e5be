import { LinkDefinitionError } from "@modlink/core";
import knex from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { KnexLinkStore } from "../src";

// A knex instance that never connects: the constructor only checks its configuration.
const unused = knex({ client: "pg", connection: "postgres://nobody@127.0.0.1:1/none", pool: { min: 0, max: 1 } });
afterAll(() => unused.destroy());

describe("KnexLinkStore's configuration", () => {
  it("a schema it would not create is INVALID_DEFINITION, naming it", () => {
    for (const schema of ["Public", "my-schema", "", "x".repeat(64)]) {
      const error = (() => {
        try {
          new KnexLinkStore({ knex: unused, schema });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, schema).toBeInstanceOf(LinkDefinitionError);
      expect(error).toMatchObject({ code: "INVALID_DEFINITION" });
      expect((error as Error).message).toContain(JSON.stringify(schema));
    }
  });

  it("an empty database name is INVALID_DEFINITION; a name declares joined reads and SQL cascade steps", () => {
    expect(() => new KnexLinkStore({ knex: unused, database: "" })).toThrow(expect.objectContaining({ code: "INVALID_DEFINITION" }));
    expect(new KnexLinkStore({ knex: unused, database: "main" }).capabilities).toEqual({
      outerTransaction: true,
      joinReads: true,
      sqlDatabase: "main",
      changeFeed: false,
    });
    expect(new KnexLinkStore({ knex: unused }).capabilities).toEqual({ outerTransaction: true, joinReads: false, sqlDatabase: undefined, changeFeed: false });
  });

  it("changeFeed must be a boolean; true declares the feed, and a store without it refuses to read one", async () => {
    expect(() => new KnexLinkStore({ knex: unused, changeFeed: "yes" as never })).toThrow(expect.objectContaining({ code: "INVALID_DEFINITION" }));
    expect(new KnexLinkStore({ knex: unused, changeFeed: true }).capabilities.changeFeed).toBe(true);
    await expect(new KnexLinkStore({ knex: unused }).readChanges({ after: null, limit: 1, tables: [] })).rejects.toMatchObject({ code: "MISSING_CAPABILITY" });
  });
});
