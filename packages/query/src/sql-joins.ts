import type { LinkStore } from "@modlink/core";
import { keyOf } from "./fetch-records";
import type { Attachment, Hop, HopResult } from "./hop";
import type { JoinColumn, JoinFilter, JoinReader, JoinSortKey, JoinStep, JoinedPage, HopRead } from "./join-reader";
import { joinReaderOf } from "./join-reader";
import type { QueryEntity, QueryRelation } from "./query-entity";
import type { EntityFilter, QueryPlan } from "./query-plan";
import type { QueryableModuleService } from "./queryable-module";
import { type SqlModel, sqlModelsOf } from "./sql-models";

/**
 * The co-located fast path: reads that involve only modules whose
 * `sqlSource` names the link store's database become one statement of the
 * store's `JoinReader`. Every method answers undefined when some module of
 * the read is elsewhere; the caller then takes the general path, unchanged.
 */
export class SqlJoins {
  readonly #reader: JoinReader;
  /** By entity name, only the models in the reader's database. */
  readonly #models: ReadonlyMap<string, SqlModel>;

  private constructor(reader: JoinReader, models: ReadonlyMap<string, SqlModel>) {
    this.#reader = reader;
    this.#models = models;
  }

  /**
   * The join path for this store and these modules, if the store declares
   * `joinReads` and some module shares its database. Checks every
   * `sqlSource` either way, so a bad one fails at start-up.
   */
  static of(store: LinkStore | undefined, modules: Readonly<Record<string, QueryableModuleService>>): SqlJoins | undefined {
    const models = sqlModelsOf(modules);
    const reader = joinReaderOf(store);
    if (!reader) return undefined;
    const here = new Map([...models].filter(([, model]) => model.database === reader.database));
    return here.size > 0 ? new SqlJoins(reader, here) : undefined;
  }

  /** The hop as one joined read of at most `limit` rows, if both its ends are co-located. */
  hopRead(hop: Hop, withDeleted: boolean, limit: number): HopRead | undefined {
    const { relation } = hop;
    const from = this.#models.get(relation.from.name);
    const step = this.#step(relation);
    if (!from || !step) return undefined;
    const parentKeys = [...new Set(hop.parents.map((row) => keyOf(row, relation.from)))];
    return { from: from.table, parentKeys, step, columns: this.#columns(relation.to, hop.fields), withDeleted, limit };
  }

  /** Runs a hop planned by `hopRead`: attachments by parent key, in the reader's order, and how many rows came. */
  async readHop(read: HopRead): Promise<{ result: HopResult; rows: number }> {
    const result: HopResult = new Map();
    if (read.parentKeys.length === 0) return { result, rows: 0 };
    const rows = await this.#reader.readHop(read);
    for (const row of rows) {
      const attachment: Attachment = { record: row.record, link: row.link };
      const list = result.get(row.parentKey);
      if (list) list.push(attachment);
      else result.set(row.parentKey, [attachment]);
    }
    return { result, rows: rows.length };
  }

  /**
   * The page of root records in one statement (filters by linked records as
   * `exists`, sorts by linked fields as joins), if the root and every entity
   * its filters and sort keys reach are co-located.
   */
  async readPage(plan: QueryPlan, fields: readonly string[], limit: number): Promise<JoinedPage | undefined> {
    const { entity } = plan.root;
    const root = this.#models.get(entity.name);
    if (!root) return undefined;
    const filter = this.#filter(entity, plan.filter);
    const order = this.#order(plan);
    if (!filter || !order) return undefined;
    const take = plan.take ?? limit;
    const read = { root: root.table, columns: this.#columns(entity, fields), filter, order, skip: plan.skip, take, withDeleted: plan.withDeleted };
    return this.#reader.readPage(read);
  }

  #step(relation: QueryRelation): JoinStep | undefined {
    const from = this.#models.get(relation.from.name);
    const to = this.#models.get(relation.to.name);
    if (!from || !to) return undefined;
    if (relation.kind === "link") {
      return { kind: "link", link: relation.table, fromSide: relation.fromSide, toSide: relation.toSide, to: to.table };
    }
    return { kind: "read-only", fromColumn: columnOf(from, relation.fromField), toColumn: columnOf(to, relation.toField), to: to.table };
  }

  #filter(entity: QueryEntity, filter: EntityFilter): JoinFilter | undefined {
    const model = this.#models.get(entity.name);
    if (!model) return undefined;
    const some: JoinFilter["some"][number][] = [];
    for (const { relation, filter: inner } of filter.relations) {
      const step = this.#step(relation);
      const joined = step && this.#filter(relation.to, inner);
      if (!step || !joined) return undefined;
      some.push({ step, filter: joined });
    }
    const conditions = filter.conditions.map(({ field, op, value }) => ({ column: columnOf(model, field), op, value }));
    return { conditions, some };
  }

  /** The root sort keys, ending with the primary key as `withKeyOrder` does. */
  #order(plan: QueryPlan): JoinSortKey[] | undefined {
    const root = plan.root.entity;
    const at = plan.order.findIndex((key) => key.path.length === 0 && key.field === root.primaryKey);
    const keys = at >= 0 ? plan.order.slice(0, at + 1) : [...plan.order, { path: [], field: root.primaryKey, direction: "asc" as const }];
    const joined: JoinSortKey[] = [];
    for (const key of keys) {
      const path = key.path.map((relation) => this.#step(relation)).filter((step): step is JoinStep => step !== undefined);
      const last = this.#models.get((key.path[key.path.length - 1]?.to ?? root).name);
      if (!last || path.length < key.path.length) return undefined;
      joined.push({ path, column: columnOf(last, key.field), direction: key.direction });
    }
    return joined;
  }

  /** Only called for co-located entities. */
  #columns(entity: QueryEntity, fields: readonly string[]): JoinColumn[] {
    const model = this.#models.get(entity.name);
    return [...new Set([entity.primaryKey, ...fields])].map((field) => ({ field, column: columnOf(model, field) }));
  }
}

function columnOf(model: SqlModel | undefined, field: string): string {
  const column = model?.columns.get(field);
  if (column === undefined) throw new Error(`internal: no column for field "${field}"`);
  return column;
}
