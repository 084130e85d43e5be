import { LinkError } from "@modlink/core";
import { matchesConditions } from "@modlink/query";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestPglite } from "./helpers/pglite-database";
import { freshPostgres } from "@modlink/test-support";

/*
 * The in-memory `like`/`ilike` of `matchesConditions` (what
 * `listRecordsInMemory` and in-memory modules use) against PostgreSQL's own
 * LIKE and ILIKE with the default escape `\`: same answer, or both refuse.
 */

type Op = "like" | "ilike";
const cases: readonly [value: string, pattern: string, ops?: readonly Op[]][] = [
  ["abc", "abc"],
  ["abc", "ab"],
  ["abc", "a%"],
  ["abc", "%c"],
  ["abc", "%b%"],
  ["abc", "a_c"],
  ["abc", "a__"],
  ["abc", "____"],
  ["", ""],
  ["a", ""],
  ["", "%"],
  ["", "_"],
  ["xyz", "%%%"],
  ["ab", "%_%_%"],
  ["a", "%_%_%"],
  // Segments must not overlap, and the last one sits at the very end.
  ["a", "a%a"],
  ["aa", "a%a"],
  ["aXbXb", "%b"],
  ["abab", "%ab%ab"],
  ["abcabc", "%bc%bc"],
  ["mississippi", "%iss%ipp%"],
  ["mississippi", "m%iss%iss%ippi"],
  ["mississippi", "m%ss%ss%ss%"],
  // Escapes: `\` makes the next character literal; a lone one at the end is refused.
  ["50% off", "50\\% off"],
  ["50x off", "50\\% off"],
  ["a_b", "a\\_b"],
  ["axb", "a\\_b"],
  ["a\\b", "a\\\\b"],
  ["ab", "a\\b"],
  ["a\\", "a\\\\"],
  ["a\\", "a\\"],
  ["a", "%\\"],
  ["a%", "%\\%"],
  // `_` is one character (a code point), not one UTF-16 unit.
  ["🙂", "_"],
  ["🙂", "__"],
  ["a🙂b", "a_b"],
  ["é", "_"],
  ["e\u0301", "_"],
  ["e\u0301", "__"],
  ["日本語", "日%語"],
  // Case: ILIKE lower-cases each character on its own.
  ["ABC", "a_c"],
  ["ÉCOLE", "école"],
  ["Straße", "STRASSE"],
  ["ß", "SS"],
  ["Σ", "ς"],
  ["ǈ", "ǉ"],
  ["\u212A", "k"],
  ["İstanbul", "istanbul"],
  ["ISTANBUL", "%İ%", ["ilike"]],
];

type Outcome = boolean | "refused";

function inMemory(value: string, pattern: string, op: Op): Outcome {
  try {
    return matchesConditions({ value }, [{ field: "value", op, value: pattern }]);
  } catch (error) {
    if (error instanceof LinkError && error.code === "INVALID_INPUT") return "refused";
    throw error;
  }
}

async function inDatabase(knex: Knex, value: string, pattern: string, op: Op): Promise<Outcome> {
  try {
    const { rows } = await knex.raw(`select ?::text ${op === "like" ? "like" : "ilike"} ?::text as matched`, [value, pattern]);
    return rows[0].matched as boolean;
  } catch (error) {
    // 22025: "LIKE pattern must not end with escape character".
    if ((error as { code?: string }).code === "22025") return "refused";
    throw error;
  }
}

const rows = cases.flatMap(([value, pattern, ops = ["like", "ilike"] as const]) => ops.map((op) => ({ value, pattern, op })));

function agreesWith(name: string, database: () => Knex): void {
  it(`matchesConditions gives ${rows.length} like/ilike cases the answer ${name} gives`, async () => {
    const differences: string[] = [];
    for (const { value, pattern, op } of rows) {
      const expected = await inDatabase(database(), value, pattern, op);
      const actual = inMemory(value, pattern, op);
      if (actual !== expected) differences.push(`${JSON.stringify(value)} ${op} ${JSON.stringify(pattern)}: ${name} ${expected}, in memory ${actual}`);
    }
    expect(differences).toEqual([]);
  });
}

describe("in-memory LIKE against PGlite", () => {
  let pglite: TestPglite;
  beforeAll(async () => {
    pglite = await openTestPglite("memory");
  });
  afterAll(() => pglite?.close());
  agreesWith("PGlite", () => pglite.knex);
});

const server = await freshPostgres("knex");

describe.skipIf(!server)("in-memory LIKE against PostgreSQL", () => {
  let knex: Knex;
  beforeAll(() => {
    knex = server!.connect();
  });
  afterAll(async () => {
    await knex?.destroy();
    await server?.drop();
  });
  agreesWith("PostgreSQL", () => knex);
});
