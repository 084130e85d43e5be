import type { CascadeContext, KeyedIds, Linkable, SqlSoftDelete } from "@modlink/core";
import type { QueryableModel, RecordPage, RecordQuery, SqlSource } from "@modlink/query";
import type { Knex } from "knex";
import { type AppModuleService, unknownModel } from "./app-module-service.js";
import { dbOf } from "./db-of.js";
import type { BaseRow, NewRow, RecordTable } from "./record-table.js";

export interface SingleModelServiceConfig<Row extends BaseRow> {
  readonly knex: Knex;
  /** The module's one linkable model. */
  readonly linkable: Linkable;
  readonly table: RecordTable<Row>;
  /** The database name shared with the link store, for `sqlSource` and `sqlSoftDelete`. */
  readonly database: string;
}

/**
 * A module with one model (brand, helloModuleService, inventory): create,
 * list and retrieve its records, soft-delete/restore them for cascades (and
 * describe that in `sqlSoftDelete`, so the link store runs cascade steps
 * into it as one statement with the link rows), and answer the query engine
 * (`listRecords`, and `sqlSource` for SQL joins).
 *
 * @example
 * const brands = new SingleModelService({ knex, linkable: Brand.linkable.brand, table: brandTable, database: APP_DATABASE })
 * await brands.create({ name: "Acme" })
 */
export class SingleModelService<Row extends BaseRow> implements AppModuleService {
  /** Cascades run its writes on the link store's transaction: a rollback undoes them. */
  readonly writeMode = "joins-transaction";
  readonly #config: SingleModelServiceConfig<Row>;
  readonly models: Readonly<Record<string, QueryableModel>>;
  readonly sqlSource: SqlSource;
  /** What `softDeleteRecords` / `restoreRecords` do, in SQL: set or clear `deleted_at` (no deletion id column). */
  readonly sqlSoftDelete: SqlSoftDelete;

  constructor(config: SingleModelServiceConfig<Row>) {
    this.#config = Object.freeze({ ...config });
    const { model } = config.linkable;
    this.models = Object.freeze({ [model]: { fields: config.table.fields } });
    this.sqlSource = Object.freeze({ database: config.database, tables: { [model]: { table: config.table.name } } });
    this.sqlSoftDelete = Object.freeze({ database: config.database, tables: { [model]: { table: config.table.name } } });
  }

  get linkable(): Linkable {
    return this.#config.linkable;
  }

  createTables(): Promise<void> {
    return this.#config.table.createIfMissing(this.#config.knex);
  }

  async create(fields: NewRow<Row>): Promise<Row> {
    const [row] = await this.#config.table.insert(this.#config.knex, [fields]);
    if (!row) throw new Error(`No row was inserted into "${this.#config.table.name}".`);
    return row;
  }

  list(options: { withDeleted?: boolean } = {}): Promise<Row[]> {
    return this.#config.table.list(this.#config.knex, options);
  }

  /** The record, deleted or not; undefined if it never existed. */
  retrieve(id: string): Promise<Row | undefined> {
    return this.#config.table.find(this.#config.knex, id);
  }

  async softDeleteRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    this.#assertModel(model);
    return { [this.#config.linkable.key]: await this.#config.table.softDelete(dbOf(context, this.#config.knex), ids, new Date()) };
  }

  async restoreRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    this.#assertModel(model);
    return { [this.#config.linkable.key]: await this.#config.table.restore(dbOf(context, this.#config.knex), ids) };
  }

  async listRecords(model: string, query: RecordQuery): Promise<RecordPage> {
    this.#assertModel(model);
    return this.#config.table.query(this.#config.knex, query);
  }

  async lockLiveRecords(ids: KeyedIds, trx: Knex.Transaction): Promise<KeyedIds> {
    const { key, module } = this.#config.linkable;
    const unknown = Object.keys(ids).find((given) => given !== key);
    if (unknown !== undefined) throw unknownModel(module, `key "${unknown}"`, [key]);
    return { [key]: await this.#config.table.lockLive(trx, ids[key] ?? []) };
  }

  async isEmpty(): Promise<boolean> {
    return (await this.#config.table.count(this.#config.knex)) === 0;
  }

  #assertModel(model: string): void {
    if (model !== this.#config.linkable.model) throw unknownModel(this.#config.linkable.module, `model "${model}"`, [this.#config.linkable.model]);
  }
}
