import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** What one statement gives back, the same shape from `pg` and PGlite. */
export interface SqlResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number;
}

/**
 * The hand-written side's connection: plain `pg` or the PGlite instance's own
 * `query`, no knex in between. Counts every statement it sends, so the
 * baseline's statement count is measured, not assumed.
 */
export interface SqlClient {
  /** Runs one statement with `$1`-style parameters. */
  query(text: string, params?: readonly unknown[]): Promise<SqlResult>;
  /** Statements sent so far. */
  readonly statements: number;
  close(): Promise<void>;
}

/**
 * A `pg.Client` on its own connection.
 * @example const sql = await pgSqlClient("postgres://postgres@127.0.0.1:5432/db")
 */
export async function pgSqlClient(url: string): Promise<SqlClient> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let statements = 0;
  return {
    async query(text, params = []) {
      statements += 1;
      const result = await client.query(text, params);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    get statements() {
      return statements;
    },
    close: () => client.end(),
  };
}

/**
 * A `pg.Pool` of up to `max` connections, kept open while idle (so no run
 * pays for connecting): concurrent statements from one process.
 * @example const sql = pgPoolSqlClient("postgres://postgres@127.0.0.1:5432/db", 4)
 */
export function pgPoolSqlClient(url: string, max: number): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 0 });
  let statements = 0;
  return {
    async query(text, params = []) {
      statements += 1;
      const result = await pool.query(text, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    get statements() {
      return statements;
    },
    close: () => pool.end(),
  };
}

/**
 * The PGlite instance's own `query`. PGlite has one connection: never call it
 * while a knex transaction on the same instance is open.
 */
export function pgliteSqlClient(pglite: PGlite): SqlClient {
  let statements = 0;
  return {
    async query(text, params = []) {
      statements += 1;
      const result = await pglite.query<Record<string, unknown>>(text, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    },
    get statements() {
      return statements;
    },
    // The instance is shared with knex; its owner closes it.
    close: async () => {},
  };
}
