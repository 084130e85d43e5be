import { type AnyLinkDefinition, RemoteLink } from "@modlink/core";
import { KnexLinkStore } from "@modlink/knex";
import type { Knex } from "knex";
import { type LinkModel as Model, LinkModel, type ModelCall, recordLine, rowLine } from "./link-model";
import { type RecordTable, type StoredRecord, readRecordTables, recordTablesOf, seedRecordTables } from "./record-tables";
import { RECORD_DATABASE, type ServiceFaults, TableServices } from "./table-services";
import { type UntypedRemoteLink, untyped } from "./untyped-remote-link";
import type { WorkerCall } from "./worker-calls";

/** A link row as stored, with the columns the model decides. */
export interface StoredRow {
  readonly table: string;
  readonly id: string;
  readonly left: string;
  readonly right: string;
  readonly live: boolean;
  readonly deletionId: string | null;
  readonly deletedFrom: string | null;
  readonly cascaded: boolean;
}

/** Everything stored: link rows and module records. */
export interface WorldState {
  readonly rows: readonly StoredRow[];
  readonly records: readonly StoredRecord[];
}

/**
 * Links and table-backed modules in one PostgreSQL schema: link tables made
 * by sync, a record table per linked model seeded with `ids` (by key).
 */
export class CascadeWorld {
  readonly links: readonly AnyLinkDefinition[];
  readonly tables: readonly RecordTable[];
  readonly store: KnexLinkStore;
  readonly #knex: Knex;
  readonly #schema: string;
  readonly #ids: Readonly<Record<string, readonly string[]>>;

  private constructor(knex: Knex, schema: string, links: readonly AnyLinkDefinition[], ids: Readonly<Record<string, readonly string[]>>) {
    this.#knex = knex;
    this.#schema = schema;
    this.links = links;
    this.#ids = ids;
    this.tables = recordTablesOf(links);
    this.store = new KnexLinkStore({ knex, schema, database: RECORD_DATABASE });
  }

  static async open(knex: Knex, schema: string, links: readonly AnyLinkDefinition[], ids: Readonly<Record<string, readonly string[]>>): Promise<CascadeWorld> {
    const world = new CascadeWorld(knex, schema, links, ids);
    await world.store.sync(links, { onRefused: "throw" });
    await world.reset();
    return world;
  }

  /** Empties every link table and reseeds every record live. */
  async reset(): Promise<void> {
    await this.#knex.raw(`truncate ${this.links.map((link) => `"${this.#schema}"."${link.table}"`).join(", ")}`);
    await seedRecordTables(this.#knex, this.#schema, this.tables, this.#ids);
  }

  /**
   * A RemoteLink in this process over the world, with its own services
   * (faults, separate modules; with `sqlSoftDelete`, the modules joining the
   * transaction describe their soft delete to the store).
   */
  remoteLink(
    options: {
      readonly faults?: ServiceFaults;
      readonly separate?: { readonly modules: readonly string[]; readonly knex: Knex };
      readonly sqlSoftDelete?: boolean;
    } = {},
  ): { remoteLink: UntypedRemoteLink; services: TableServices } {
    const { sqlSoftDelete, ...rest } = options;
    const services = new TableServices({
      schema: this.#schema,
      tables: this.tables,
      ...rest,
      sqlDatabase: sqlSoftDelete === true ? RECORD_DATABASE : undefined,
    });
    return { remoteLink: untyped(new RemoteLink({ links: this.links, store: this.store, services: services.lookup })), services };
  }

  /** The model of this world with every record live and no link. */
  model(): Model {
    return new LinkModel(
      this.links,
      this.tables.map((table) => ({ module: table.module, key: table.key, ids: this.#ids[table.key] ?? [] })),
    );
  }

  async state(): Promise<WorldState> {
    const selects = this.links.map(
      (link, i) =>
        `select ${i} as "t", "id", "${link.left.column}" as "left", "${link.right.column}" as "right", ` +
        `"deleted_at" is null as "live", "deletion_id", "deleted_from", "cascaded" ` +
        `from "${this.#schema}"."${link.table}"`,
    );
    const result = await this.#knex.raw(`${selects.join(" union all ")} order by 1, 2`);
    const rows = (result.rows as Record<string, unknown>[]).map((row) => ({
      table: (this.links[Number(row.t)] as AnyLinkDefinition).table,
      id: String(row.id),
      left: String(row.left),
      right: String(row.right),
      live: row.live === true,
      deletionId: row.deletion_id === null ? null : String(row.deletion_id),
      deletedFrom: row.deleted_from === null ? null : String(row.deleted_from),
      cascaded: row.cascaded === true,
    }));
    return { rows, records: await readRecordTables(this.#knex, this.#schema, this.tables) };
  }
}

/** A stored state as the model's lines, each real deletion id by its label (unknown ids stay visible). */
export function fingerprintOf(state: WorldState, labels: ReadonlyMap<string, string>): { rows: string[]; records: string[] } {
  const label = (id: string | null) => (id === null ? null : (labels.get(id) ?? `unlabelled deletion ${id}`));
  return {
    rows: state.rows.map((row) => rowLine(row.table, row.left, row.right, row.live, label(row.deletionId), row.deletedFrom, row.cascaded)).sort(),
    records: state.records.map((record) => recordLine({ ...record, deletionId: label(record.deletionId) })).sort(),
  };
}

/** The input RemoteLink takes for a model call. */
export function toWorkerCall(call: ModelCall): WorkerCall {
  switch (call.kind) {
    case "create":
    case "dismiss":
      return { kind: call.kind, input: call.pairs.map(({ link, left, right }) => pairInput(link, left, right)) };
    case "delete":
    case "restore":
      return { kind: call.kind, input: { [call.roots.module]: { [call.roots.key]: [...call.roots.ids] } }, faults: call.faults };
  }
}

export function pairInput(link: AnyLinkDefinition, left: string, right: string): Record<string, unknown> {
  return { [link.left.module]: { [link.left.key]: left }, [link.right.module]: { [link.right.key]: right }, ...(link.name ? { link: link.name } : {}) };
}
