import type { HopRead, HopRow, JoinColumn, JoinReader, JoinedPage, PageRead } from "@modlink/query";
import type { Knex } from "knex";
import { JoinSql, type KeyStep, type LinkStep } from "./join-sql";
import { toStoredLink } from "./link-rows";
import { runSql } from "../driver/run-sql";
import { type Sql, and, bound, concat } from "./sql-fragment";
import { toLinkError } from "./store-errors";
import { selectListOf, tableSql } from "./table-sql";

/** Output names that no link column can have (those are plain identifiers). */
const PARENT_KEY = `"parent.key"`;
const COUNT = `"page.count"`;
const columnAlias = (index: number) => `"r.${index}"`;

/**
 * The `JoinReader` of `KnexLinkStore`: each read is one statement on the
 * store's knex, outside any transaction (a single statement needs none), so
 * pg and PGlite count exactly one round trip per hop and per page.
 */
export class KnexJoinReader implements JoinReader {
  readonly database: string;
  readonly #knex: Knex;
  readonly #schema: string;
  readonly #connection: string;

  constructor(knex: Knex, schema: string, database: string, connection: string) {
    this.#knex = knex;
    this.#schema = schema;
    this.database = database;
    this.#connection = connection;
  }

  readHop(read: HopRead): Promise<HopRow[]> {
    const { step } = read;
    return step.kind === "link" ? this.#hopThroughLink(read, step) : this.#hopByKey(read, step);
  }

  /** `link, target` for the parents' keys, ordered by link id; the parent is the link's near side. */
  async #hopThroughLink(read: HopRead, step: LinkStep): Promise<HopRow[]> {
    const sql = new JoinSql(this.#schema, read.withDeleted);
    const reached = sql.reachThroughLink(step, { keys: read.parentKeys });
    const link = tableSql(this.#schema, step.link);
    const rows = await this.#run(
      concat([
        `select ${selectListOf(link, reached.link)}, ${selectColumns(sql, reached.target, read.columns)} from ${reached.from} where `,
        and(reached.where),
        ` order by ${reached.link}."id"`,
        ...limitOf(read),
      ]),
    );
    return rows.map((row) => {
      const stored = toStoredLink(link, row);
      return { parentKey: stored[step.fromSide], record: recordOf(row, read.columns), link: stored };
    });
  }

  /** `parent, target` joined by the stored key, for the parents' keys, ordered by the target's key. */
  async #hopByKey(read: HopRead, step: KeyStep): Promise<HopRow[]> {
    const sql = new JoinSql(this.#schema, read.withDeleted);
    const parent = { alias: sql.alias("p"), table: read.from };
    const reached = sql.reachByKey(step, parent);
    const parentKey = `${sql.column(parent.alias, read.from.primaryKey)}::text`;
    const rows = await this.#run(
      concat([
        `select ${parentKey} as ${PARENT_KEY}, ${selectColumns(sql, reached.target, read.columns)} `,
        `from ${sql.tableAs(read.from, parent.alias)}, ${reached.from} where `,
        and([concat([`${parentKey} = any(`, bound(read.parentKeys), "::text[])"]), ...reached.where]),
        ` order by ${sql.column(reached.target, step.to.primaryKey)}`,
        ...limitOf(read),
      ]),
    );
    return rows.map((row) => ({ parentKey: String(row["parent.key"]), record: recordOf(row, read.columns), link: undefined }));
  }

  /** The page with `count(*) over ()`; an empty page past the first row counts in a second statement. */
  async readPage(read: PageRead): Promise<JoinedPage> {
    if (read.take === 0) return { rows: [], count: await this.#count(read) };
    const sql = new JoinSql(this.#schema, read.withDeleted);
    const root = sql.alias("t");
    const keys = read.order.map((key) => sql.sortKey(root, read.root, key));
    const statement = concat([
      `select ${selectColumns(sql, root, read.columns)}, count(*) over () as ${COUNT} from ${sql.tableAs(read.root, root)}`,
      ...keys.flatMap((key) => key.joins.flatMap((join) => [" ", join])),
      " where ",
      and([...sql.live(root, read.root), ...sql.filter(root, read.root, read.filter)]),
      ` order by ${keys.map((key) => key.expression).join(", ")}`,
      ...(read.take === undefined ? [] : [" limit ", bound(read.take)]),
      ...(read.skip > 0 ? [" offset ", bound(read.skip)] : []),
    ]);
    const rows = await this.#run(statement);
    if (rows.length === 0 && read.skip > 0) return { rows: [], count: await this.#count(read) };
    return { rows: rows.map((row) => recordOf(row, read.columns)), count: Number(rows[0]?.["page.count"] ?? 0) };
  }

  async #count(read: PageRead): Promise<number> {
    const sql = new JoinSql(this.#schema, read.withDeleted);
    const root = sql.alias("t");
    const where = and([...sql.live(root, read.root), ...sql.filter(root, read.root, read.filter)]);
    const rows = await this.#run(concat([`select count(*) as ${COUNT} from ${sql.tableAs(read.root, root)} where `, where]));
    return Number(rows[0]?.["page.count"] ?? 0);
  }

  async #run(statement: Sql): Promise<Record<string, unknown>[]> {
    try {
      return (await runSql(this.#knex, statement.text, statement.bindings)).rows;
    } catch (error) {
      throw toLinkError(error, { connection: this.#connection });
    }
  }
}

function limitOf(read: HopRead): (string | Sql)[] {
  return read.limit === undefined ? [] : [" limit ", bound(read.limit)];
}

function selectColumns(sql: JoinSql, alias: string, columns: readonly JoinColumn[]): string {
  return columns.map((column, index) => `${sql.column(alias, column.column)} as ${columnAlias(index)}`).join(", ");
}

function recordOf(row: Record<string, unknown>, columns: readonly JoinColumn[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((column, index) => [column.field, row[`r.${index}`]]));
}
