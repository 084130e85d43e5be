import { describe, expect, it } from "vitest";
import { LinkError, QueryCostError } from "@modlink/core";
import { DEFAULT_QUERY_LIMITS, LinkQuery, listRecordsInMemory, type QueryableModuleService } from "../src";

const brands = [{ id: "b1", name: "acme", deleted_at: null }];
const modules: Record<string, QueryableModuleService> = {
  brand: { models: { brand: { fields: ["id", "name", "deleted_at"] } }, listRecords: async (_model, query) => listRecordsInMemory(brands, query) },
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof LinkError ? error.code : `not a LinkError: ${String(error)}`;
  }
  return undefined;
}

describe("LinkQuery limits", () => {
  it("are on by default, and each configured limit replaces only its default", () => {
    expect(new LinkQuery({ modules }).limits).toEqual(DEFAULT_QUERY_LIMITS);
    expect(DEFAULT_QUERY_LIMITS).toEqual({
      maxDepth: 5,
      allowRevisits: false,
      maxFields: 100,
      maxFilterTerms: 50,
      maxOrderTerms: 8,
      maxListSize: 1_000,
      maxRecords: 10_000,
    });
    expect(new LinkQuery({ modules, limits: { maxDepth: 2, allowRevisits: true } }).limits).toEqual({
      ...DEFAULT_QUERY_LIMITS,
      maxDepth: 2,
      allowRevisits: true,
    });
    expect(Object.isFrozen(new LinkQuery({ modules, limits: { maxDepth: 2 } }).limits)).toBe(true);
  });

  it("a configured limit that is not a whole number of 1 or more is a definition error; an unknown one is INVALID_INPUT naming the limits", () => {
    for (const limits of [{ maxDepth: 0 }, { maxRecords: 1.5 }, { maxFields: "10" }, { allowRevisits: "yes" }, [], null]) {
      expect(codeOf(() => new LinkQuery({ modules, limits: limits as never }))).toBe("INVALID_DEFINITION");
    }
    expect(codeOf(() => new LinkQuery({ modules, limits: { maxDeep: 3 } as never }))).toBe("INVALID_INPUT");
    expect(() => new LinkQuery({ modules, limits: { maxDeep: 3 } as never })).toThrow(/no limit "maxDeep"; its limits are maxDepth, allowRevisits/);
  });

  it("per-call limits are checked as input and apply to that call only", async () => {
    const query = new LinkQuery({ modules });
    await expect(query.graph({ entity: "brand" }, { limits: { maxRecords: 0 } })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(query.graph({ entity: "brand" }, { other: 1 } as never)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const refused = await query.graph({ entity: "brand", pagination: { take: 2 } }, { limits: { maxRecords: 1 } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(QueryCostError);
    expect(refused).toMatchObject({ code: "QUERY_TOO_COSTLY", limit: "maxRecords", allowed: 1 });
    expect((refused as Error).message).toMatch(
      /pagination\.take asks for 2 records, over the query limit maxRecords \(1\)\. Read the records in pages\..*limits: \{ maxRecords: 2 \}/,
    );
    expect((await query.graph({ entity: "brand", pagination: { take: 2 } })).data).toEqual([{ id: "b1", name: "acme", deleted_at: null }]);
  });
});
