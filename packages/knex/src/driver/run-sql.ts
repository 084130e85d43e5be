import type { Knex } from "knex";

/** What a raw statement gives back, the same shape from pg and PGlite. */
export interface SqlResult {
  readonly rows: Record<string, unknown>[];
  /** Rows changed by insert/update/delete (not meaningful for select). */
  readonly rowCount: number;
}

/** Runs one statement with bound parameters on a knex instance or transaction. */
export async function runSql(db: Knex, sql: string, bindings: readonly unknown[] = []): Promise<SqlResult> {
  const result = await db.raw<{ rows?: Record<string, unknown>[]; rowCount?: number | null }>(sql, bindings as Knex.RawBinding[]);
  return { rows: result.rows ?? [], rowCount: result.rowCount ?? 0 };
}
