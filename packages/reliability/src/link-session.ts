import { type ExtraColumnType, type ExtraColumns, LinkError, RemoteLink } from "@modlink/core";
import type { RecordModule } from "@modlink/conformance";
import { canonical, normaliseValue } from "./canonical";
import type { Command } from "./fuzz-commands";
import { type LinkSet, makeModules } from "./link-sets";
import { type UntypedRemoteLink, untyped } from "./untyped-remote-link";
import { type NormalRow, type RawTable, brokenInvariants, normaliseState, readModuleState, readRawTables, rowIds } from "./link-state";
import type { StoreUnderTest } from "./store-under-test";

/** What a call did, as two stores must agree on it: a normalised result, or an error code. */
export type Outcome = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly code: string; readonly message: string };

/** Everything observable after a step. */
export interface Observed {
  readonly rows: NormalRow[];
  readonly modules: string[];
  readonly broken: string[];
}

/**
 * One fuzz sequence on one store: a RemoteLink over the emptied store, fresh
 * record modules, and the labels of the deletions made so far.
 */
export class LinkSession {
  readonly target: StoreUnderTest;
  readonly set: LinkSet;
  readonly #labels = new Map<string, string>();
  readonly #columnTypes: ReadonlyMap<string, ExtraColumnType>;
  #ids = new Map<string, string>();
  #remoteLink: UntypedRemoteLink | undefined;
  #modules = new Map<string, RecordModule>();

  private constructor(target: StoreUnderTest, set: LinkSet) {
    this.target = target;
    this.set = set;
    this.#columnTypes = new Map(
      set.links.flatMap((link) => Object.entries(link.extraColumns as ExtraColumns).map(([name, column]) => [name, column.type] as const)),
    );
  }

  static async start(target: StoreUnderTest, set: LinkSet): Promise<LinkSession> {
    const session = new LinkSession(target, set);
    const store = await target.fresh();
    const modules = makeModules(set);
    session.#modules = modules;
    session.#remoteLink = untyped(new RemoteLink({ links: set.links, store, services: (module) => modules.get(module) }));
    return session;
  }

  get remoteLink(): UntypedRemoteLink {
    if (!this.#remoteLink) throw new Error("session not started");
    return this.#remoteLink;
  }

  get modules(): ReadonlyMap<string, RecordModule> {
    return this.#modules;
  }

  /** Runs one command; `step` names the deletions it makes. */
  async apply(command: Command, step: number): Promise<Outcome> {
    try {
      return { ok: true, value: await this.#call(command, step) };
    } catch (error) {
      if (error instanceof LinkError) return { ok: false, code: error.code, message: error.message };
      return { ok: false, code: `NOT A LinkError (${(error as Error)?.name})`, message: String((error as Error)?.message ?? error) };
    }
  }

  async #call(command: Command, step: number): Promise<string> {
    const remoteLink = this.remoteLink;
    switch (command.kind) {
      case "create":
        await remoteLink.create(command.inputs);
        return "created";
      case "dismiss":
        return canonical(await remoteLink.dismiss(command.inputs));
      case "replace":
        return canonical(await remoteLink.replace(command.inputs));
      case "delete": {
        const result = await remoteLink.delete(command.input);
        this.#labels.set(result.deletionId, `delete at step ${step}`);
        return canonical({ records: sortedIds(result.records), links: result.links });
      }
      case "restore": {
        const result = await remoteLink.restore(command.input);
        return canonical({ records: sortedIds(result.records), links: result.links });
      }
      case "list": {
        const rows = await remoteLink.list(command.input, { withDeleted: command.withDeleted });
        return canonical(rows.map((row) => this.#normaliseListed(row)).sort());
      }
    }
  }

  #normaliseListed(row: Record<string, unknown>): string {
    const { id: _id, created_at: _created, updated_at: _updated, deleted_at: deletedAt, ...columns } = row;
    const values = Object.entries(columns).map(([name, value]) => {
      const type = this.#columnTypes.get(name);
      return [name, type === undefined ? value : normaliseValue(type, value)];
    });
    return canonical({ live: deletedAt === null, ...Object.fromEntries(values) });
  }

  /**
   * Link rows, module records and broken invariants after a step; also
   * checks that no pair changed its row id.
   */
  async observe(): Promise<Observed> {
    const tables: RawTable[] = await readRawTables(this.target, this.set.links);
    const broken = brokenInvariants(this.target.name, tables);
    const ids = rowIds(tables);
    for (const [pair, id] of this.#ids) {
      const now = ids.get(pair);
      if (now !== id) broken.push(`${this.target.name}: pair ${pair} changed its row id from ${id} to ${now ?? "nothing (row gone)"}`);
    }
    this.#ids = ids;
    return { rows: normaliseState(tables, this.#labels), modules: readModuleState(this.set, this.#modules), broken };
  }
}

function sortedIds(records: Record<string, Record<string, string[]>>): Record<string, Record<string, string[]>> {
  return Object.fromEntries(
    Object.entries(records).map(([module, byKey]) => [module, Object.fromEntries(Object.entries(byKey).map(([key, ids]) => [key, [...ids].sort()]))]),
  );
}
