import { isDeepStrictEqual } from "node:util";
import { LinkError } from "@modlink/core";
import type { GraphResult } from "@modlink/query";
import { expectedGraph } from "./expected-graph";
import { type HostileQuery, show } from "./hostile-query-values";
import type { QueryPath, QueryWorld } from "./query-world";
import { type Outcome, type SentStatement, captureStatements, foreignTokens, isBound, telltaleOf } from "./sql-capture";

/** Codes of a refusal of bad input, before anything is read. */
const INPUT_CODES: readonly string[] = ["INVALID_INPUT", "INVALID_ID"];

function codeOf(error: unknown): string {
  return error instanceof LinkError ? `LinkError ${error.code}` : `${(error as Error)?.constructor?.name ?? typeof error} (not a LinkError)`;
}

/** Statement text that is not known vocabulary, or that holds one of the caller's values. */
function textProblems(world: QueryWorld, hostile: HostileQuery, sent: readonly SentStatement[]): string[] {
  return sent.flatMap((statement) => {
    const foreign = foreignTokens(statement.sql, world.identifiers);
    const leaked = hostile.values.filter((value) => {
      const telltale = telltaleOf(value);
      return telltale !== undefined && statement.sql.includes(telltale);
    });
    return [
      ...(foreign.length > 0 ? [`SQL text holds unknown tokens ${show(foreign)}: ${statement.sql.slice(0, 400)}`] : []),
      ...leaked.map((value) => `SQL text holds the value ${show(value)}: ${statement.sql.slice(0, 400)}`),
    ];
  });
}

function resultProblems(got: GraphResult, expected: GraphResult): string[] {
  const ids = (result: GraphResult) => show(result.data.map((record) => record.id));
  if (
    got.metadata.count !== expected.metadata.count ||
    !isDeepStrictEqual(
      got.data.map((r) => r.id),
      expected.data.map((r) => r.id),
    )
  ) {
    return [`wrong records: got count ${got.metadata.count} ids ${ids(got)}, expected count ${expected.metadata.count} ids ${ids(expected)}`];
  }
  const at = got.data.findIndex((record, i) => !isDeepStrictEqual(record, expected.data[i]));
  if (at >= 0) return [`wrong values in record ${show(got.data[at]?.id)}: got ${show(got.data[at])}, expected ${show(expected.data[at])}`];
  return isDeepStrictEqual(got.metadata, expected.metadata) ? [] : [`wrong metadata ${show(got.metadata)}, expected ${show(expected.metadata)}`];
}

function outcomeProblems(
  path: QueryPath,
  hostile: HostileQuery,
  outcome: Outcome<GraphResult>,
  expected: GraphResult,
  sent: readonly SentStatement[],
): string[] {
  if (outcome.ok) return resultProblems(outcome.value, expected);
  const { error } = outcome;
  const detail = `${codeOf(error)}: ${String((error as Error)?.message).slice(0, 200)}`;
  if (hostile.accept === "refusable" && error instanceof LinkError && INPUT_CODES.includes(error.code)) {
    return sent.length === 0 ? [] : [`refused with ${error.code} only after ${sent.length} statement(s) ran`];
  }
  // Core does not know column types: the database refuses, and on the general path the module's own error passes through.
  if (hostile.accept === "database-may-refuse" && (error instanceof LinkError || path === "general")) return [];
  return [`failed instead of answering${hostile.accept === "refusable" ? " or refusing with INVALID_INPUT/INVALID_ID" : ""}: ${detail}`];
}

/**
 * Runs one hostile query on one path and lists what is wrong, each line a
 * reproduction: statements whose text holds anything but known names,
 * keywords and placeholders (or holds a value); a result that differs from
 * the oracle's; a failure the query's `accept` does not allow; and, on the
 * joined path, a value that was not sent as a bound parameter.
 *
 * @example expect(await judgeQuery(world, "joined", hostile)).toEqual([])
 */
export async function judgeQuery(world: QueryWorld, path: QueryPath, hostile: HostileQuery): Promise<string[]> {
  const { outcome, sent } = await captureStatements(world.knex, () => world.queries[path].graph(hostile.query));
  const expected = expectedGraph(world.seed, hostile.query);
  const problems = [...textProblems(world, hostile, sent), ...outcomeProblems(path, hostile, outcome, expected, sent)];
  if (path === "joined" && outcome.ok && hostile.accept === "exact") {
    for (const value of hostile.values) if (!isBound(sent, value)) problems.push(`the value ${show(value)} was not among the bound parameters`);
  }
  return problems.map((problem) => `[${path}] ${hostile.name}: ${problem}`);
}

/** Judges every query, one after another (PGlite has one connection), and gathers the problems. */
export async function judgeAll(world: QueryWorld, path: QueryPath, queries: readonly HostileQuery[]): Promise<string[]> {
  const problems: string[] = [];
  for (const hostile of queries) problems.push(...(await judgeQuery(world, path, hostile)));
  return problems;
}
