import { LinkStoreError } from "@modlink/core";
import type { ColumnCondition, JoinFilter, JoinSortKey, JoinStep, JoinTable } from "@modlink/query";
import { type Sql, and, bound, concat } from "./sql-fragment";
import { qualifiedName, quoteIdentifier } from "./sql-names";
import { sideColumn, tableSql } from "./table-sql";

export type LinkStep = Extract<JoinStep, { kind: "link" }>;
export type KeyStep = Extract<JoinStep, { kind: "read-only" }>;

/** A row of an enclosing query (or of the same `from`), by alias. */
export interface RowEnd {
  readonly alias: string;
  readonly table: JoinTable;
}

/** Where a step starts: a row, or (link steps only) bound parent keys. */
export type NearEnd = RowEnd | { readonly keys: readonly string[] };

/** The tables a step adds (for `from`), the conditions tying them to the near end, and their aliases. */
export interface Reached {
  readonly from: string;
  readonly where: readonly Sql[];
  /** Alias of the reached module table. */
  readonly target: string;
  /** Alias of the link table; undefined for read-only steps. */
  readonly link: string | undefined;
}

const COMPARISONS = { eq: "=", ne: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=", like: "like", ilike: "ilike" } as const;

/**
 * Renders the parts of one joined statement: table references, the joins of
 * each step, filters as `exists`, sort keys as lateral joins. Aliases are
 * generated (`t1`, `l2`); every name is quoted after validation, every value
 * bound.
 */
export class JoinSql {
  readonly #linkSchema: string;
  readonly #withDeleted: boolean;
  #aliases = 0;

  constructor(linkSchema: string, withDeleted: boolean) {
    this.#linkSchema = linkSchema;
    this.#withDeleted = withDeleted;
  }

  alias(prefix: "t" | "l" | "s" | "p"): string {
    return `${prefix}${++this.#aliases}`;
  }

  /** `"schema"."table" as t1`. */
  tableAs(table: JoinTable, alias: string): string {
    const name = table.schema === undefined ? quoteIdentifier(table.table) : qualifiedName(table.schema, table.table);
    return `${name} as ${alias}`;
  }

  column(alias: string, column: string): string {
    return `${alias}.${quoteIdentifier(column)}`;
  }

  /** The record is live, unless deleted records are read too. */
  live(alias: string, table: JoinTable): Sql[] {
    return this.#withDeleted || table.deletedAt === undefined ? [] : [concat([`${this.column(alias, table.deletedAt)} is null`])];
  }

  /** The records `step` reaches from `near`, live ones only unless `withDeleted`. */
  reach(step: JoinStep, near: RowEnd): Reached {
    return step.kind === "link" ? this.reachThroughLink(step, near) : this.reachByKey(step, near);
  }

  /** Through the link table, from a row or from bound parent keys. */
  reachThroughLink(step: LinkStep, near: NearEnd): Reached & { readonly link: string } {
    const target = this.alias("t");
    const link = this.alias("l");
    const sql = tableSql(this.#linkSchema, step.link);
    const nearColumn = `${link}.${sideColumn(sql, step.fromSide)}`;
    const toNear =
      "keys" in near
        ? concat([`${nearColumn} = any(`, bound(near.keys), "::text[])"])
        : concat([`${nearColumn} = ${this.column(near.alias, near.table.primaryKey)}::text`]);
    const where = [
      toNear,
      concat([`${this.column(target, step.to.primaryKey)}::text = ${link}.${sideColumn(sql, step.toSide)}`]),
      ...(this.#withDeleted ? [] : [concat([`${link}."deleted_at" is null`])]),
      ...this.live(target, step.to),
    ];
    return { from: `${sql.qualified} as ${link}, ${this.tableAs(step.to, target)}`, where, target, link };
  }

  /** By the stored key of a row: `target.toColumn = near.fromColumn`. */
  reachByKey(step: KeyStep, near: RowEnd): Reached {
    const target = this.alias("t");
    const joined = concat([`${this.column(target, step.toColumn)} = ${this.column(near.alias, step.fromColumn)}`]);
    return { from: this.tableAs(step.to, target), where: [joined, ...this.live(target, step.to)], target, link: undefined };
  }

  /** The conditions of `filter` on the row `alias` of `table`, relation filters as `exists`. */
  filter(alias: string, table: JoinTable, filter: JoinFilter): Sql[] {
    const own = filter.conditions.map((condition) => conditionSql(this.column(alias, condition.column), condition));
    const some = filter.some.map(({ step, filter: inner }) => {
      const reached = this.reach(step, { alias, table });
      const where = and([...reached.where, ...this.filter(reached.target, step.to, inner)]);
      return concat(["exists (select 1 from ", reached.from, " where ", where, ")"]);
    });
    return [...own, ...some];
  }

  /**
   * A sort key: its expression, and the lateral joins that pick the one record
   * of each step (live link first, latest updated, lowest id; or lowest key).
   */
  sortKey(rootAlias: string, root: JoinTable, key: JoinSortKey): { joins: Sql[]; expression: string } {
    let near = { alias: rootAlias, table: root };
    const joins: Sql[] = [];
    for (const step of key.path) {
      const reached = this.reach(step, near);
      // Milliseconds, as the general path compares the links' `updatedAt` dates.
      const pick = reached.link
        ? `(${reached.link}."deleted_at" is not null), date_trunc('milliseconds', ${reached.link}."updated_at") desc, ${reached.link}."id"`
        : this.column(reached.target, step.to.primaryKey);
      const picked = this.alias("s");
      joins.push(
        concat([
          `left join lateral (select ${reached.target}.* from ${reached.from} where `,
          and(reached.where),
          ` order by ${pick} limit 1) as ${picked} on true`,
        ]),
      );
      near = { alias: picked, table: step.to };
    }
    return { joins, expression: `${this.column(near.alias, key.column)} ${direction(key.direction)}` };
  }
}

/** One condition, with the meaning `matchesConditions` gives it: null never matches a comparison. */
export function conditionSql(column: string, condition: ColumnCondition): Sql {
  const { op, value } = condition;
  switch (op) {
    case "null":
      return concat([`${column} is ${value === true ? "" : "not "}null`]);
    case "in":
      return concat([`${column} = any(`, bound(list(condition)), ")"]);
    case "nin":
      return concat([`(${column} is not null and not (${column} = any(`, bound(list(condition)), ")))"]);
    default:
      return concat([`${column} ${COMPARISONS[op]} `, bound(value)]);
  }
}

function list(condition: ColumnCondition): unknown[] {
  if (!Array.isArray(condition.value))
    throw new LinkStoreError("STORE_FAILURE", `The "${condition.op}" condition on column "${condition.column}" needs an array.`);
  return condition.value;
}

function direction(value: string): string {
  if (value !== "asc" && value !== "desc") throw new LinkStoreError("STORE_FAILURE", `Sort direction must be "asc" or "desc", got ${JSON.stringify(value)}.`);
  return value;
}
