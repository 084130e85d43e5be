import { newLinkId } from "@modlink/core/store";
import type { RecordPage, RecordQuery } from "@modlink/query";
import { listTableRecords } from "@modlink/knex";
import type { Knex } from "knex";

/** Columns every record of the sample modules has. */
export interface BaseRow {
  readonly id: string;
  readonly created_at: Date;
  readonly deleted_at: Date | null;
}

/** The fields a caller gives when creating a row; `id` only to pick a readable one (seeds). */
export type NewRow<Row extends BaseRow> = Omit<Row, keyof BaseRow> & { readonly id?: string };

/** A column of `Row` besides those every record has. */
export type OwnField<Row extends BaseRow> = Exclude<keyof Row, keyof BaseRow> & string;

export interface RecordTableConfig<Row extends BaseRow> {
  readonly name: string;
  /** New ids are `<idPrefix>_<ulid>`. */
  readonly idPrefix: string;
  /** The table's own columns (id, created_at and deleted_at are added). */
  readonly columns: (table: Knex.CreateTableBuilder) => void;
  /** The names of those columns, which queries may select, filter and sort by. */
  readonly fields: readonly OwnField<Row>[];
}

/**
 * One table of soft-deletable records, owned by a module. Every method takes
 * the knex (or transaction) to run on, so callers decide the unit of work.
 *
 * @example
 * const brands = new RecordTable<BrandRow>({ name: "brands", idPrefix: "brand", columns: (t) => t.text("name").notNullable(), fields: ["name"] })
 * await brands.softDelete(trx, ["brand_1"]) // ["brand_1"]
 */
export class RecordTable<Row extends BaseRow> {
  readonly #config: RecordTableConfig<Row>;

  constructor(config: RecordTableConfig<Row>) {
    this.#config = Object.freeze({ ...config });
  }

  get name(): string {
    return this.#config.name;
  }

  /** Every column as a query field: `id`, the own columns, `created_at`, `deleted_at`. */
  get fields(): readonly string[] {
    return ["id", ...this.#config.fields, "created_at", "deleted_at"];
  }

  /** Answers a `RecordQuery` of the query engine over this table. */
  query(db: Knex, query: RecordQuery): Promise<RecordPage> {
    return listTableRecords(db, { table: this.#config.name }, query);
  }

  async createIfMissing(db: Knex): Promise<void> {
    if (await db.schema.hasTable(this.#config.name)) return;
    await db.schema.createTable(this.#config.name, (table) => {
      table.text("id").primary();
      this.#config.columns(table);
      table.timestamp("created_at", { useTz: true }).notNullable().defaultTo(db.fn.now());
      table.timestamp("deleted_at", { useTz: true }).nullable();
    });
  }

  async insert(db: Knex, rows: readonly NewRow<Row>[]): Promise<Row[]> {
    if (rows.length === 0) return [];
    const withIds = rows.map((row) => ({ ...row, id: row.id ?? newLinkId(this.#config.idPrefix) }));
    return db(this.#config.name).insert(withIds).returning("*");
  }

  /** Rows ordered by id, live only unless `withDeleted`, optionally where `column` is one of `values`. */
  async list(db: Knex, options: { withDeleted?: boolean; where?: { column: string; values: readonly string[] } } = {}): Promise<Row[]> {
    const query = db(this.#config.name).select("*").orderBy("id");
    if (!options.withDeleted) query.whereNull("deleted_at");
    if (options.where) query.whereIn(options.where.column, [...options.where.values]);
    return query;
  }

  /** The row with this id, deleted or not. */
  async find(db: Knex, id: string): Promise<Row | undefined> {
    return db(this.#config.name).where({ id }).first();
  }

  /**
   * Those of `ids` that name no live row, after locking the live ones `for
   * share` until `trx` ends: a soft delete of them waits for `trx`, and one
   * committed while this statement waited is seen (at read committed a
   * statement re-reads a row it waited for), so the row cannot be deleted
   * under a caller that found it live.
   */
  async lockLive(trx: Knex.Transaction, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const live = new Set<string>(
      await trx(this.#config.name)
        .whereIn("id", [...ids])
        .whereNull("deleted_at")
        .orderBy("id")
        .forShare()
        .pluck("id"),
    );
    return ids.filter((id) => !live.has(id));
  }

  /** Soft-deletes the live rows among `ids` (or those matching `where`) at `at`; returns the ids changed. */
  async softDelete(db: Knex, ids: readonly string[], at: Date, where?: { column: string }): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string }> = await db(this.#config.name)
      .whereIn(where?.column ?? "id", [...ids])
      .whereNull("deleted_at")
      .update({ deleted_at: at })
      .returning("id");
    return rows.map((row) => row.id);
  }

  /** Restores the deleted rows among `ids`; returns the ids changed. */
  async restore(db: Knex, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string }> = await db(this.#config.name)
      .whereIn("id", [...ids])
      .whereNotNull("deleted_at")
      .update({ deleted_at: null })
      .returning("id");
    return rows.map((row) => row.id);
  }

  async count(db: Knex): Promise<number> {
    const row: { count?: unknown } | undefined = await db(this.#config.name).count({ count: "*" }).first();
    return Number(row?.count ?? 0);
  }
}
