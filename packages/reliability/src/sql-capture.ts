import type { Knex } from "knex";

/** One statement as knex sent it: the text, and the values bound to its placeholders. */
export interface SentStatement {
  readonly sql: string;
  readonly bindings: readonly unknown[];
}

/** How a call ended: its value, or what it threw. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Runs `work` and records every statement sent through `knex` meanwhile
 * (knex's "query" event, which also fires inside transactions). Tests of
 * one file run one after another, so nothing else is recorded.
 *
 * @example
 * const { outcome, sent } = await captureStatements(knex, () => query.graph(input))
 */
export async function captureStatements<T>(knex: Knex, work: () => Promise<T>): Promise<{ outcome: Outcome<T>; sent: SentStatement[] }> {
  const sent: SentStatement[] = [];
  const listener = (query: { sql: string; bindings?: readonly unknown[] }) => sent.push({ sql: query.sql, bindings: query.bindings ?? [] });
  knex.on("query", listener);
  try {
    const value = await work();
    return { outcome: { ok: true, value }, sent };
  } catch (error) {
    return { outcome: { ok: false, error }, sent };
  } finally {
    knex.off("query", listener);
  }
}

/**
 * Every word the statements of `LinkQuery`, the knex store and knex's
 * builder may contain outside quotes. No `or`, `union`, `;` mid-statement,
 * comment or data-changing word: an injected fragment needs one of them.
 */
const KEYWORDS = new Set(
  (
    "select from where and not in is null as order by asc desc limit offset any exists left join lateral on true false " +
    "count over date_trunc like ilike begin transaction isolation level read committed commit rollback collate " +
    // Casts of bound values and keys.
    "text bigint integer timestamptz"
  ).split(" "),
);
/** The quoted names the store writes that are not the world's: the code-unit collation link pages order by. */
const OWN_NAMES = new Set(["C"]);
/** The only string literal the join reader writes itself. */
const LITERALS = new Set(["milliseconds"]);
/** Aliases the join reader generates: t1, l2, s3, p4. */
const ALIAS = /^[tlsp]\d+$/;
const PUNCTUATION = new Set(["(", ")", ",", ".", "=", "<", ">", "*", ":", "[", "]"]);

/**
 * The parts of `sql` that are not known vocabulary: quoted names outside
 * `identifiers`, string literals, words that are neither keywords nor
 * aliases, numbers other than 0 and 1, `?` and any other character. A
 * value that reached the text shows up here. Empty means the statement is
 * made of known names, keywords, `$n` placeholders and punctuation only.
 *
 * @example foreignTokens(`select "id" from "s"."t" where "id" = $1`, new Set(["s", "t", "id"])) // []
 */
export function foreignTokens(sql: string, identifiers: ReadonlySet<string>): string[] {
  const foreign: string[] = [];
  const text = /^(BEGIN|COMMIT|ROLLBACK)\b[^;]*;$/i.test(sql) ? sql.slice(0, -1) : sql;
  let i = 0;
  const quoted = (quote: string): string => {
    let value = "";
    for (i++; i < text.length; i++) {
      if (text[i] === quote && text[i + 1] === quote) value += text[++i];
      else if (text[i] === quote) break;
      else value += text[i];
    }
    i++;
    return value;
  };
  while (i < text.length) {
    const rest = text.slice(i);
    const char = text[i] as string;
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0] ?? /^\$\d+/.exec(rest)?.[0] ?? /^\d+/.exec(rest)?.[0];
    if (/\s/.test(char)) i++;
    else if (char === '"') {
      const name = quoted('"');
      if (!identifiers.has(name) && !OWN_NAMES.has(name)) foreign.push(`"${name}"`);
    } else if (char === "'") {
      const literal = quoted("'");
      if (!LITERALS.has(literal)) foreign.push(`'${literal}'`);
    } else if (word !== undefined) {
      i += word.length;
      const known = word.startsWith("$") || word === "0" || word === "1" || KEYWORDS.has(word.toLowerCase()) || ALIAS.test(word);
      if (!known) foreign.push(word);
    } else {
      i++;
      if (!PUNCTUATION.has(char)) foreign.push(char);
    }
  }
  return foreign;
}

/** Whether `value` is among the bound values, or inside an array bound as one. */
export function isBound(sent: readonly SentStatement[], value: unknown): boolean {
  const holds = (binding: unknown): boolean => Object.is(binding, value) || (Array.isArray(binding) && binding.some(holds));
  return sent.some((statement) => statement.bindings.some(holds));
}

/**
 * The text a value would leave in SQL if it were pasted in, when that text
 * is distinctive: three or more characters, not a plain word or number
 * that a statement holds anyway (those are caught by `foreignTokens`).
 */
export function telltaleOf(value: unknown): string | undefined {
  const text = value instanceof Date ? (Number.isNaN(value.getTime()) ? undefined : value.toISOString()) : typeof value === "string" ? value : undefined;
  return text !== undefined && text.length >= 3 && !/^[A-Za-z0-9_ ]+$/.test(text) ? text : undefined;
}
