import { type CascadeContext, type KeyedIds, type Linkable, type LinkableModuleService, LinkDefinitionError, type SqlSoftDelete } from "@modlink/core";
import { isValidIdentifier } from "@modlink/core/store";
import type { QueryableModel, QueryableModuleService, RecordPage, RecordQuery, SqlSource } from "@modlink/query";
import type { Knex } from "knex";
import { runSql } from "../driver/run-sql";
import { listTableRecords } from "../sql/list-table-records";
import { qualifiedName, quoteIdentifier } from "../sql/sql-names";

/** One model of a `knexTableModule`: its linkable and the table holding its records. */
export interface KnexTableModel {
  /** The model's linkable (`Brand.linkable.brand`): its module, model, key and primary key column. */
  readonly linkable: Linkable;
  readonly table: string;
  /** Columns queries may select, filter and sort by, besides the primary key and `deletedAt`. */
  readonly fields: readonly string[];
  /** The column set when a record is soft-deleted. Default `"deleted_at"`. */
  readonly deletedAt?: string;
  /**
   * A column holding the deletion that removed the record: a restore then
   * revives only what that cascade deleted. Omitted: a restore revives any
   * deleted record it is given.
   */
  readonly deletionId?: string;
}

export interface KnexTableModuleConfig {
  readonly knex: Knex;
  /** Every model of the module; all of one module. */
  readonly models: readonly KnexTableModel[];
  /** The tables' schema. Default: the connection's search path. */
  readonly schema?: string;
  /**
   * The link store's `database` name when the tables are in its database:
   * `LinkQuery` then joins them with link tables in SQL, and cascade steps
   * into them run as one statement with the link rows.
   */
  readonly database?: string;
}

/** A module service over tables: what cascades call and what `LinkQuery` reads. */
export type KnexTableModule = LinkableModuleService & QueryableModuleService;

/**
 * A module service over existing tables of soft-deletable records, for a
 * module written with knex: cascades soft-delete and restore its records in
 * the link store's transaction (`context.transaction`), so a rollback undoes
 * them (`writeMode: "joins-transaction"`), and `LinkQuery` reads them
 * (`listRecords`, and SQL joins with `database`).
 *
 * @example
 * const brand = knexTableModule({ knex, database: "main", models: [{ linkable: Brand.linkable.brand, table: "brands", fields: ["name"] }] })
 * const remoteLink = new RemoteLink({ links, store: new KnexLinkStore({ knex, database: "main" }), services: { brand } })
 * const query = new LinkQuery({ graph: remoteLink.graph, store, modules: { brand } })
 */
export function knexTableModule(config: KnexTableModuleConfig): KnexTableModule {
  const byModel = checkedModels(config);
  const [first] = byModel.values();
  const module = first?.linkable.module as string;
  const modelOf = (model: string): KnexTableModel => {
    const found = byModel.get(model);
    if (!found) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `knexTableModule of module "${module}" was asked about model "${model}"; it has ${[...byModel.keys()].map((name) => `"${name}"`).join(", ")}.`,
      );
    }
    return found;
  };
  // The link store's transaction (a knex transaction for KnexLinkStore); anything else: the module's own knex.
  const dbOf = (context: CascadeContext): Knex => (isKnexTransaction(context.transaction) ? context.transaction : config.knex);
  const write = async (model: KnexTableModel, ids: readonly string[], context: CascadeContext, restore: boolean): Promise<KeyedIds> => {
    if (ids.length === 0) return { [model.linkable.key]: [] };
    const statement = restore ? restoreSql(config.schema, model) : softDeleteSql(config.schema, model);
    const deletion = model.deletionId === undefined ? [] : [context.deletionId];
    // The deletion is bound where its placeholder is: in the `set` of a soft delete, after the ids in a restore.
    const bindings = restore ? [ids, ...deletion] : [...deletion, ids];
    const { rows } = await runSql(dbOf(context), statement, bindings);
    return { [model.linkable.key]: rows.map((row) => String(row.id)) };
  };
  const tables = Object.fromEntries([...byModel].map(([name, model]) => [name, model]));
  return {
    writeMode: "joins-transaction",
    models: Object.fromEntries(
      [...byModel].map(([name, model]): [string, QueryableModel] => [
        name,
        { fields: [...new Set([model.linkable.primaryKey, ...model.fields, model.deletedAt ?? "deleted_at"])], primaryKey: model.linkable.primaryKey },
      ]),
    ),
    // Async, so that a model it does not have is a rejected promise like any other failure.
    softDeleteRecords: async (model, ids, context) => write(modelOf(model), ids, context, false),
    restoreRecords: async (model, ids, context) => write(modelOf(model), ids, context, true),
    listRecords: async (model: string, query: RecordQuery): Promise<RecordPage> => {
      const found = modelOf(model);
      return listTableRecords(
        config.knex,
        {
          table: found.table,
          primaryKey: found.linkable.primaryKey,
          deletedAt: found.deletedAt ?? "deleted_at",
          ...(config.schema === undefined ? {} : { schema: config.schema }),
        },
        query,
      );
    },
    ...(config.database === undefined ? {} : { sqlSource: sqlSourceOf(config, tables), sqlSoftDelete: sqlSoftDeleteOf(config, tables) }),
  };
}

function isKnexTransaction(value: unknown): value is Knex.Transaction {
  return typeof value === "function" && (value as { isTransaction?: unknown }).isTransaction === true;
}

/** Soft-deletes the live records among the ids; binds the deletion (with `deletionId`), then the ids. Keys compare as text, as links hold them. */
function softDeleteSql(schema: string | undefined, model: KnexTableModel): string {
  const { table, key, deletedAt, deletionId } = columnsOf(schema, model);
  const stamp = deletionId === undefined ? "" : `, ${deletionId} = ?`;
  return `update ${table} set ${deletedAt} = now()${stamp} where ${key}::text = any(?::text[]) and ${deletedAt} is null returning ${key}::text as "id"`;
}

/** Restores the deleted records among the ids (with `deletionId`: only those this deletion removed); binds the ids, then the deletion. */
function restoreSql(schema: string | undefined, model: KnexTableModel): string {
  const { table, key, deletedAt, deletionId } = columnsOf(schema, model);
  const clear = deletionId === undefined ? "" : `, ${deletionId} = null`;
  const only = deletionId === undefined ? "" : ` and ${deletionId} = ?`;
  return (
    `update ${table} set ${deletedAt} = null${clear} where ${key}::text = any(?::text[]) and ${deletedAt} is not null${only} ` +
    `returning ${key}::text as "id"`
  );
}

function columnsOf(schema: string | undefined, model: KnexTableModel) {
  return {
    table: schema === undefined ? quoteIdentifier(model.table) : qualifiedName(schema, model.table),
    key: quoteIdentifier(model.linkable.primaryKey),
    deletedAt: quoteIdentifier(model.deletedAt ?? "deleted_at"),
    deletionId: model.deletionId === undefined ? undefined : quoteIdentifier(model.deletionId),
  };
}

/** The models by model name, each checked: one module, names usable as SQL identifiers. */
function checkedModels(config: KnexTableModuleConfig): Map<string, KnexTableModel> {
  if (!config || typeof config.knex !== "function" || !Array.isArray(config.models) || config.models.length === 0) {
    throw new LinkDefinitionError("INVALID_DEFINITION", "knexTableModule needs { knex, models: [{ linkable, table, fields }] } with at least one model.");
  }
  const byModel = new Map<string, KnexTableModel>();
  for (const model of config.models) {
    const names = [model?.table, model?.linkable?.primaryKey, model?.deletedAt ?? "deleted_at", model?.deletionId ?? "deleted_at", ...(model?.fields ?? [])];
    const module = config.models[0]?.linkable?.module;
    if (!model?.linkable || model.linkable.module !== module || !names.every((name) => typeof name === "string" && isValidIdentifier(name))) {
      throw new LinkDefinitionError(
        "INVALID_DEFINITION",
        `knexTableModule: model ${JSON.stringify(model?.linkable?.model)} needs a linkable of module "${String(module)}", and a table, fields ` +
          "and columns named with letters, digits and underscores.",
      );
    }
    if (byModel.has(model.linkable.model)) throw new LinkDefinitionError("INVALID_DEFINITION", `knexTableModule lists model "${model.linkable.model}" twice.`);
    byModel.set(model.linkable.model, model);
  }
  return byModel;
}

function sqlSourceOf(config: KnexTableModuleConfig, models: Record<string, KnexTableModel>): SqlSource {
  return {
    database: config.database as string,
    ...(config.schema === undefined ? {} : { schema: config.schema }),
    tables: Object.fromEntries(Object.entries(models).map(([name, model]) => [name, { table: model.table, deletedAt: model.deletedAt ?? "deleted_at" }])),
  };
}

function sqlSoftDeleteOf(config: KnexTableModuleConfig, models: Record<string, KnexTableModel>): SqlSoftDelete {
  return {
    database: config.database as string,
    ...(config.schema === undefined ? {} : { schema: config.schema }),
    tables: Object.fromEntries(
      Object.entries(models).map(([name, model]) => [
        name,
        {
          table: model.table,
          primaryKey: model.linkable.primaryKey,
          deletedAt: model.deletedAt ?? "deleted_at",
          ...(model.deletionId === undefined ? {} : { deletionId: model.deletionId }),
        },
      ]),
    ),
  };
}
