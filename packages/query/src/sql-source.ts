/**
 * Where a module keeps its records in SQL, declared by the module so that
 * `LinkQuery` can join its tables with the link tables when both are in the
 * same database (never probed). Declare it only when `listRecords` returns
 * the column values unchanged and treats a record as soft-deleted exactly
 * when its `deletedAt` field is not null.
 *
 * @example
 * sqlSource: {
 *   database: "main",                        // the same name as the link store's
 *   tables: { brand: { table: "brand" }, product: { table: "products", columns: { title: "name" } } },
 * }
 */
export interface SqlSource {
  /** Names the database; the join path is used when it equals the link store's `joinReader.database`. */
  readonly database: string;
  /** Schema of the tables. Default: the connection's search_path (unqualified names). */
  readonly schema?: string;
  /** The table of each model, by model name; every model in `models` needs one. */
  readonly tables: Readonly<Record<string, SqlTableSource>>;
}

/** One model's table. Names are lower-case SQL identifiers (letters, digits, `_`). */
export interface SqlTableSource {
  readonly table: string;
  /** Column of each field whose column has another name; other fields are columns of their own name. */
  readonly columns?: Readonly<Record<string, string>>;
  /** The field marking a record soft-deleted when not null. Default `"deleted_at"` when a field of the model; `null`: none. */
  readonly deletedAt?: string | null;
}
