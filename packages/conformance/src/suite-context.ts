import { type AnyLinkDefinition, type LinkStore, type LinkTable, RemoteLink, linkTableOf } from "@modlink/core";
import type { LinkRowState } from "@modlink/core/store";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { conformanceLinks } from "./fixtures";
import { type RecordModules, makeRecordModules } from "./record-module";

/** What an adapter hands the suite: a ready store and a back door to its rows. */
export interface LinkStoreHarness {
  readonly store: LinkStore;
  /**
   * Every row of a link table with its bookkeeping, read behind the store's
   * back (SQL stores: `select *`, mapped with `sqlRowState`).
   */
  storedRows(table: LinkTable): Promise<readonly LinkRowState[]> | readonly LinkRowState[];
  /** Releases the store and whatever the harness created for it. */
  close(): Promise<void>;
}

export interface LinkStoreSuiteOptions {
  /** Shown in test names, e.g. "memory" or "postgres". */
  readonly name: string;
  /** A fresh store whose tables exist for these links (sync them first). */
  makeStore(links: readonly AnyLinkDefinition[]): Promise<LinkStoreHarness>;
}

/** What every test of the suite works with. */
export interface SuiteContext {
  /** A RemoteLink over the harness store, with fresh record modules for cascades. */
  readonly remoteLink: RemoteLink<typeof conformanceLinks>;
  readonly modules: RecordModules;
  /** The harness store, for tests that build their own RemoteLink over it. */
  readonly store: LinkStore;
  /** Ids unique to the running test, so tests share one store without interfering. */
  ids(prefix: string, count: number): string[];
  id(prefix: string): string;
  /** Stored rows of a link table that touch any of `ids`. */
  rows(definition: AnyLinkDefinition, ids: readonly string[]): Promise<LinkRowState[]>;
  /** Every stored row touching `ids`, in all link tables, normalised for equality checks. */
  snapshot(ids: readonly string[]): Promise<unknown[]>;
}

let counter = 0;

/** Registers hooks that build the store once per suite and fresh modules per test. */
export function useSuiteContext(options: LinkStoreSuiteOptions): SuiteContext {
  let harness: LinkStoreHarness | undefined;
  let remoteLink: RemoteLink<typeof conformanceLinks> | undefined;
  let modules = makeRecordModules();
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  beforeAll(async () => {
    harness = await options.makeStore(conformanceLinks);
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(() => {
    modules = makeRecordModules();
    const current = modules;
    remoteLink = new RemoteLink({
      links: conformanceLinks,
      store: (harness as LinkStoreHarness).store,
      services: (name) => current[name as keyof RecordModules],
    });
  });

  const rows = async (definition: AnyLinkDefinition, ids: readonly string[]) => {
    const table = linkTableOf(definition);
    const wanted = new Set(ids);
    const all = await (harness as LinkStoreHarness).storedRows(table);
    return all.filter((row) => wanted.has(row.left) || wanted.has(row.right));
  };

  return {
    get remoteLink() {
      return remoteLink as RemoteLink<typeof conformanceLinks>;
    },
    get modules() {
      return modules;
    },
    get store() {
      return (harness as LinkStoreHarness).store;
    },
    ids: (prefix, count) => Array.from({ length: count }, () => `${prefix}_${run}_${++counter}`),
    id: (prefix) => `${prefix}_${run}_${++counter}`,
    rows,
    async snapshot(ids) {
      const out: unknown[] = [];
      for (const definition of conformanceLinks) {
        const table = linkTableOf(definition);
        for (const row of await rows(definition, ids)) {
          out.push({
            table: table.name,
            id: row.id,
            left: row.left,
            right: row.right,
            live: row.deletedAt === null,
            deletion: row.deletionId,
            deletedFrom: row.deletedFrom,
            cascaded: row.cascaded,
          });
        }
      }
      return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    },
  };
}
