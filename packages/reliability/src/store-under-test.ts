import { type AnyLinkDefinition, type LinkStore, type LinkTable, linkTableOf } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import { MemoryLinkStore } from "@modlink/memory";
import type { Knex } from "knex";

/** A row of a link table as stored, read behind the store's back. */
export type RawRow = Record<string, unknown>;

/** A store a reliability test drives, with a back door to its rows. */
export interface StoreUnderTest {
  /** "memory", "PGlite", "PostgreSQL". */
  readonly name: string;
  /** The store with every link table empty. */
  fresh(): Promise<LinkStore>;
  /** The store as it is now, rows and all. */
  current(): LinkStore;
  /** Every row of a link table, as stored. */
  rawRows(table: LinkTable): Promise<RawRow[]>;
  /** Every row of several tables at once (one round trip on SQL stores). */
  rawTables(tables: readonly LinkTable[]): Promise<RawRow[][]>;
}

/** The reference store: a new instance per `fresh()`. */
export function memoryUnderTest(): StoreUnderTest {
  let store = new MemoryLinkStore();
  return {
    name: "memory",
    async fresh() {
      store = new MemoryLinkStore();
      return store;
    },
    current: () => store,
    async rawRows(table) {
      return store.rawRows(table);
    },
    async rawTables(tables) {
      return tables.map((table) => store.rawRows(table));
    },
  };
}

/** A knex store in `schema`, synced for `links`; `fresh()` empties its tables in one statement. */
export async function knexUnderTest(
  name: string,
  knex: Knex,
  schema: string,
  links: readonly AnyLinkDefinition[],
): Promise<StoreUnderTest & { readonly store: KnexLinkStore }> {
  const store = new KnexLinkStore({ knex, schema });
  await store.sync(links, { onRefused: "throw" });
  const tables = links.map((link) => `"${schema}"."${linkTableOf(link).name}"`);
  // Data-modifying CTEs empty every table in one round trip (PGlite takes one statement per call);
  // a truncate now and then keeps thousands of sequences of dead rows from slowing every scan.
  const deleteAll = `with ${tables.map((table, i) => `d${i} as (delete from ${table})`).join(", ")} select 1`;
  const truncateAll = `truncate ${tables.join(", ")}`;
  let emptied = 0;
  return {
    name,
    store,
    async fresh() {
      await knex.raw(emptied++ % 20 === 0 ? truncateAll : deleteAll);
      return store;
    },
    current: () => store,
    async rawRows(table) {
      return (await knex.raw(`select * from "${schema}"."${table.name}"`)).rows as RawRow[];
    },
    async rawTables(wanted) {
      const result = await knex.raw(
        wanted.map((table, i) => `select ${i} as "t", ${rowAsJson(table)} as "r" from "${schema}"."${table.name}" as x`).join(" union all "),
      );
      const byTable: RawRow[][] = wanted.map(() => []);
      for (const { t, r } of result.rows as { t: number; r: RawRow }[]) byTable[Number(t)]?.push(r);
      return byTable;
    },
  };
}

const META = ["id", "created_at", "updated_at", "deleted_at", "deletion_id", "deleted_from", "cascaded"];

/** A row as one jsonb value; bigints travel as text so no digit is lost on the way. */
function rowAsJson(table: LinkTable): string {
  const columns = [...META, table.left.column, table.right.column, ...Object.keys(table.extraColumns)];
  const value = (column: string) => (table.extraColumns[column]?.type === "bigint" ? `x."${column}"::text` : `x."${column}"`);
  return `jsonb_build_object(${columns.map((column) => `'${column}', ${value(column)}`).join(", ")})`;
}
