import { describe, expect, it } from "vitest";
import { LinkError } from "@modlink/core";
import { listRecordsInMemory, matchesConditions, type RecordQuery } from "../src";

/*
 * PostgreSQL's meaning of every pattern is checked in
 * packages/knex/test/like-semantics.test.ts; these are the properties a
 * reader of in-memory records relies on besides.
 */

const like = (value: string, pattern: string, op: "like" | "ilike" = "like") => matchesConditions({ value }, [{ field: "value", op, value: pattern }]);

describe("$like / $ilike in memory", () => {
  it("patterns that make a backtracking matcher take exponential time finish on a 10,000-character value", () => {
    const value = "a".repeat(10_000);
    const manyRuns = `${"%a".repeat(30)}%`;
    expect(like(value, `${manyRuns}b`)).toBe(false);
    expect(like(value, `${manyRuns}b%`)).toBe(false);
    expect(like(value, `${manyRuns}c%a`)).toBe(false);
    expect(like(`${value}b`, `${manyRuns}b`)).toBe(true);
    expect(like(value.toUpperCase(), `${"%_a".repeat(30)}%b%`, "ilike")).toBe(false);
  });

  it("listRecordsInMemory filters many long rows with a pathological pattern", () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, name: `${"a".repeat(2_000)}${i % 2 ? "b" : ""}`, deleted_at: null }));
    const query: RecordQuery = {
      conditions: [{ field: "name", op: "like", value: `${"%a".repeat(30)}%b` }],
      fields: ["id"],
      order: [{ field: "id", direction: "asc" }],
      withDeleted: false,
      withCount: true,
    };
    expect(listRecordsInMemory(rows, query).count).toBe(100);
  });

  it("a pattern ending in a lone escape is refused as PostgreSQL refuses it, naming the field", () => {
    const error = (() => {
      try {
        return like("a\\", "a\\");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(LinkError);
    expect(error).toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining('"value"') });
    expect((error as Error).message).toContain("\\\\");
  });

  it("matches numbers and other values by their text, and never matches null", () => {
    expect(matchesConditions({ n: 1250 }, [{ field: "n", op: "like", value: "12%" }])).toBe(true);
    expect(matchesConditions({ n: null }, [{ field: "n", op: "like", value: "%" }])).toBe(false);
  });
});
