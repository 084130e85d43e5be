import type { CascadeContext, KeyedIds, Linkable, SqlSoftDelete } from "@modlink/core";
import { type KnexTableModule, knexTableModule } from "@modlink/knex";
import type { QueryableModel, RecordPage, RecordQuery, SqlSource } from "@modlink/query";
import type { Knex } from "knex";
import { type AppModuleService, unknownModel } from "./app-module-service.js";
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
 * list and retrieve its records; what modlink calls (soft-delete/restore for
 * cascades, described in `sqlSoftDelete` so the link store runs cascade
 * steps into it as one statement with the link rows, and `listRecords` with
 * `sqlSource` for the query engine) is `knexTableModule` over its table.
 *
 * @example
 * const brands = new SingleModelService({ knex, linkable: Brand.linkable.brand, table: brandTable, database: APP_DATABASE })
 * await brands.create({ name: "Acme" })
 */
export class SingleModelService<Row extends BaseRow> implements AppModuleService {
  /** Cascades run its writes on the link store's transaction: a rollback undoes them. */
  readonly writeMode = "joins-transaction";
  readonly #config: SingleModelServiceConfig<Row>;
  /** The module contracts over the table: cascades and queries. */
  readonly #module: KnexTableModule;
  readonly models: Readonly<Record<string, QueryableModel>>;
  readonly sqlSource: SqlSource;
  /** What `softDeleteRecords` / `restoreRecords` do, in SQL: set or clear `deleted_at` (no deletion id column). */
  readonly sqlSoftDelete: SqlSoftDelete;

  constructor(config: SingleModelServiceConfig<Row>) {
    this.#config = Object.freeze({ ...config });
    const own = config.table.fields.filter((field) => field !== "id" && field !== "deleted_at");
    this.#module = knexTableModule({
      knex: config.knex,
      database: config.database,
      models: [{ linkable: config.linkable, table: config.table.name, fields: own }],
    });
    this.models = this.#module.models;
    this.sqlSource = this.#module.sqlSource as SqlSource;
    this.sqlSoftDelete = this.#module.sqlSoftDelete as SqlSoftDelete;
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
    return this.#module.softDeleteRecords(model, ids, context);
  }

  async restoreRecords(model: string, ids: readonly string[], context: CascadeContext): Promise<KeyedIds> {
    this.#assertModel(model);
    return this.#module.restoreRecords(model, ids, context);
  }

  async listRecords(model: string, query: RecordQuery): Promise<RecordPage> {
    this.#assertModel(model);
    return this.#module.listRecords(model, query);
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
