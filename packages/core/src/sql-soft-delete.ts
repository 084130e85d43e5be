import { LinkDefinitionError } from "./errors";
import { describe } from "./extra-columns";
import { isValidIdentifier } from "./naming";

/**
 * A module's soft delete and restore, described as plain SQL on its own
 * tables, so that a link store in the same database can run a cascade step
 * (a link table's rows and the records they lead to) as one statement
 * instead of calling `softDeleteRecords` / `restoreRecords`.
 *
 * Declare a model only when those two methods do exactly this for it, and
 * nothing else (no records of other models deleted with it, no events):
 * - soft delete: `update <table> set <deletedAt> = <time>, <deletionId> =
 *   <deletion> where <primaryKey> in (ids) and <deletedAt> is null`,
 *   returning those ids under the model's linkable key;
 * - restore: `update <table> set <deletedAt> = null, <deletionId> = null
 *   where <primaryKey> in (ids) and <deletedAt> is not null and
 *   <deletionId> = <deletion>`.
 * Keys are compared as text, as link tables hold them. Models left out, and
 * every model when the store's database has another name, go through the
 * methods as before.
 *
 * @example
 * sqlSoftDelete: {
 *   database: "main",   // the link store's `database` name
 *   tables: { inventory_item: { table: "inventory_item", deletionId: "deletion_id" } },
 * }
 */
export interface SqlSoftDelete {
  /** Names the database; used when it equals the link store's `capabilities.sqlDatabase`. */
  readonly database: string;
  /** Schema of the tables. Default: the connection's search_path (unqualified names). */
  readonly schema?: string;
  /** The table of each model so described, by model name. */
  readonly tables: Readonly<Record<string, SqlSoftDeleteTable>>;
}

/** One model's table. Names are lower-case SQL identifiers (letters, digits, `_`). */
export interface SqlSoftDeleteTable {
  readonly table: string;
  /** Default `"id"`. */
  readonly primaryKey?: string;
  /** Set to the deletion's time on delete, null on restore. Default `"deleted_at"`. */
  readonly deletedAt?: string;
  /**
   * Set to the deletion's id on delete and cleared on restore, which then
   * revives only records that deletion removed. Omitted: the table keeps no
   * deletion id, and a restore revives any deleted record it is given.
   */
  readonly deletionId?: string;
}

/** A model's table, checked, as a store's cascade statements use it. */
export interface RecordTable {
  /** Undefined: the connection's search_path. */
  readonly schema: string | undefined;
  readonly table: string;
  readonly primaryKey: string;
  readonly deletedAt: string;
  readonly deletionId: string | undefined;
}

/** What `recordTableOf` reads of a module service (`LinkableModuleService` has it). */
interface DeclaresSqlSoftDelete {
  readonly sqlSoftDelete?: SqlSoftDelete;
}

/** Checked tables by service, then model (null: the model goes through the service's methods). */
const checked = new WeakMap<DeclaresSqlSoftDelete, Map<string, RecordTable | null>>();

/**
 * The table a store in database `database` may soft-delete and restore
 * `model`'s records in, or undefined when the service's methods must be
 * called. Checked once per service and model.
 * @throws LinkDefinitionError INVALID_DEFINITION naming the module, model and field.
 */
export function recordTableOf(service: DeclaresSqlSoftDelete, module: string, model: string, database: string | undefined): RecordTable | undefined {
  const declared = service.sqlSoftDelete;
  if (declared === undefined || database === undefined) return undefined;
  let byModel = checked.get(service);
  if (!byModel) checked.set(service, (byModel = new Map()));
  let table = byModel.get(model);
  if (table === undefined) byModel.set(model, (table = checkedTable(declared, module, model, database)));
  return table ?? undefined;
}

function checkedTable(declared: SqlSoftDelete, module: string, model: string, database: string): RecordTable | null {
  const where = `sqlSoftDelete of module "${module}"`;
  if (typeof declared !== "object" || declared === null || typeof declared.database !== "string" || declared.database.length === 0) {
    throw invalid(`${where} needs \`database\` (the link store's database name) and \`tables\` (by model name).`);
  }
  if (declared.database !== database) return null;
  if (typeof declared.tables !== "object" || declared.tables === null) throw invalid(`${where} needs \`tables\`: { <model>: { table: "..." } }.`);
  const input = Object.hasOwn(declared.tables, model) ? declared.tables[model] : undefined;
  if (input === undefined) return null;
  const at = `${where}, model "${model}"`;
  if (typeof input !== "object" || input === null) throw invalid(`${at} must be an object like { table: "${model}" }, got ${describe(input)}.`);
  return Object.freeze({
    schema: declared.schema === undefined ? undefined : identifier(declared.schema, `${where}: schema`),
    table: identifier(input.table, `${at}: table`),
    primaryKey: identifier(input.primaryKey ?? "id", `${at}: primaryKey`),
    deletedAt: identifier(input.deletedAt ?? "deleted_at", `${at}: deletedAt`),
    deletionId: input.deletionId === undefined ? undefined : identifier(input.deletionId, `${at}: deletionId`),
  });
}

function identifier(name: unknown, what: string): string {
  if (!isValidIdentifier(name)) {
    throw invalid(`${what} is ${describe(name)}; SQL names here must be lower-case letters, digits and underscores (at most 63 bytes).`);
  }
  return name;
}

function invalid(message: string): LinkDefinitionError {
  return new LinkDefinitionError("INVALID_DEFINITION", message);
}
