import { invalidQuery, missingQueryService } from "./query-errors";
import type { QueryEntity } from "./query-entity";
import type { GraphContext } from "./query-input";
import type { FieldCondition, OrderTerm, RecordCallOptions, RecordQuery } from "./queryable-module";

export type Row = Readonly<Record<string, unknown>>;

/** The parts of a `RecordQuery` a caller chooses; the rest have defaults. */
export interface RecordRequest {
  readonly ids?: readonly string[];
  readonly conditions?: readonly FieldCondition[];
  readonly fields: readonly string[];
  readonly order?: readonly OrderTerm[];
  readonly skip?: number;
  readonly take?: number;
  readonly withCount?: boolean;
}

export interface FetchedRecords {
  readonly rows: readonly Row[];
  readonly count: number;
}

/** What every fetch of one `graph` call shares. */
export interface FetchScope {
  readonly withDeleted: boolean;
  /** The call's `context`, handed to `listRecords` unchanged. */
  readonly moduleContext: GraphContext | undefined;
}

/** One module fetch, ready to run, and whether it may overlap other fetches. */
export interface FetchTask<T> {
  readonly parallel: boolean;
  run(): Promise<T>;
}

/**
 * Prepares one `listRecords` call. An empty `ids` list needs no call. The
 * primary key always ends the order so pages are stable.
 */
export function fetchTask(entity: QueryEntity, request: RecordRequest, scope: FetchScope): FetchTask<FetchedRecords> {
  const service = entity.service;
  if (!service) throw missingQueryService(entity.module, entity.name);
  const order = withKeyOrder(request.order ?? [], entity.primaryKey);
  const query: RecordQuery = {
    ...(request.ids === undefined ? {} : { ids: [...new Set(request.ids)] }),
    conditions: request.conditions ?? [],
    fields: [...new Set([entity.primaryKey, ...request.fields])],
    order,
    ...(request.skip ? { skip: request.skip } : {}),
    ...(request.take === undefined ? {} : { take: request.take }),
    withDeleted: scope.withDeleted,
    withCount: request.withCount === true,
  };
  const options: RecordCallOptions = { context: scope.moduleContext };
  return {
    parallel: service.queryCapabilities?.parallelReads === true,
    run: async () => {
      if (query.ids?.length === 0 || (query.take === 0 && !query.withCount)) return { rows: [], count: 0 };
      const page = await service.listRecords(entity.model, query, options);
      return checked(entity, query, page);
    },
  };
}

function checked(entity: QueryEntity, query: RecordQuery, page: { rows?: unknown; count?: unknown } | undefined): FetchedRecords {
  const rows = page?.rows;
  const where = `The query service of module "${entity.module}" returned for ${entity.model}`;
  if (!Array.isArray(rows)) throw invalidQuery(`${where} no \`rows\` array; listRecords must resolve to { rows, count? }.`, page);
  for (const row of rows as Row[]) {
    if (row?.[entity.primaryKey] === null || row?.[entity.primaryKey] === undefined) {
      throw invalidQuery(`${where} a row without its primary key "${entity.primaryKey}"; always return the fields of query.fields.`, row);
    }
  }
  if (query.withCount && typeof page?.count !== "number" && typeof page?.count !== "bigint" && typeof page?.count !== "string") {
    throw invalidQuery(`${where} no \`count\` although query.withCount was true; return the number of matching records before skip/take.`, page);
  }
  return { rows: rows as Row[], count: query.withCount ? Number(page?.count) : rows.length };
}

/**
 * Runs fetches: those of modules declaring `parallelReads` side by side, the
 * others one after another (they may share one connection, as with PGlite).
 * Waits for all before failing, so nothing keeps running after an error.
 */
export async function runFetches<T>(tasks: readonly FetchTask<T>[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  const serial = async () => {
    for (const [index, task] of tasks.entries()) if (!task.parallel) results[index] = await task.run();
  };
  const settled = await Promise.allSettled([
    serial(),
    ...tasks.map(async (task, index) => {
      if (task.parallel) results[index] = await task.run();
    }),
  ]);
  const failure = settled.find((outcome) => outcome.status === "rejected");
  if (failure) throw failure.reason;
  return results;
}

/** The key a row is known by in maps: its primary key as a string. */
export function keyOf(row: Row, entity: QueryEntity): string {
  return String(row[entity.primaryKey]);
}

/**
 * `order` ending with the primary key, so pages are stable: cut after a term
 * on it (later terms never decide), else with it ascending appended.
 */
export function withKeyOrder(order: readonly OrderTerm[], primaryKey: string): OrderTerm[] {
  const at = order.findIndex((term) => term.field === primaryKey);
  return at >= 0 ? order.slice(0, at + 1) : [...order, { field: primaryKey, direction: "asc" }];
}
