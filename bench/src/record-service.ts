import type { CascadeContext, KeyedIds, LinkableModuleService, SqlSoftDelete } from "@modlink/core";
import type { Knex } from "knex";
import { q } from "./fixtures";

/**
 * A module service whose records live in a real table of the same database:
 * each call is one `update ... where id = any(?) returning id`, run on the
 * cascade's transaction (`context.transaction`) so it commits or rolls back
 * with the link changes. It declares that soft delete in `sqlSoftDelete`,
 * so modlink's store runs each cascade step into it as one statement with
 * the link rows, as the baseline's CTEs do; these methods then serve only
 * stores in another database and compensation.
 */
export class SqlRecordService implements LinkableModuleService {
  readonly writeMode = "joins-transaction";
  readonly #knex: Knex;
  readonly #table: string;
  readonly #key: string;
  readonly sqlSoftDelete: SqlSoftDelete;

  constructor(knex: Knex, table: string, model: string, key: string, database: string) {
    this.#knex = knex;
    this.#table = q(table);
    this.#key = key;
    this.sqlSoftDelete = { database, tables: { [model]: { table, deletionId: "deletion_id" } } };
  }

  softDeleteRecords(_model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    return this.#update(
      `update ${this.#table} set "deleted_at" = now(), "deletion_id" = ? where "id" = any(?::text[]) and "deleted_at" is null returning "id"`,
      [context.deletionId, ids],
      context,
    );
  }

  restoreRecords(_model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    return this.#update(
      `update ${this.#table} set "deleted_at" = null, "deletion_id" = null where "id" = any(?::text[]) and "deletion_id" = ? returning "id"`,
      [ids, context.deletionId],
      context,
    );
  }

  async #update(text: string, bindings: unknown[], context: CascadeContext): Promise<KeyedIds> {
    // Outside a cascade (compensation) there is no transaction: use our own connection.
    const db = isKnex(context.transaction) ? context.transaction : this.#knex;
    const result: { rows: { id: string }[] } = await db.raw(text, bindings as Knex.RawBinding[]);
    return { [this.#key]: result.rows.map((row) => String(row.id)) };
  }
}

function isKnex(value: unknown): value is Knex {
  return typeof value === "function" && typeof (value as Partial<Knex>).raw === "function";
}
