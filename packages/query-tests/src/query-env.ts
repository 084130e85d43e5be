import type { Knex } from "knex";
import {
  type JoinReader,
  type LinkFilter,
  LinkQuery,
  type LinkStore,
  type LinkStoreTransaction,
  type LinkTable,
  type QueryableModuleService,
  type RecordQuery,
  RemoteLink,
  type StoredLink,
  joinReaderOf,
} from "./core-query";
import { brandLinks, customLinks, links, readOnlyLinks } from "./fixtures";

/** One `listRecords` call as a module saw it. */
export interface FetchCall {
  readonly module: string;
  readonly model: string;
  readonly query: RecordQuery;
}

/** A query over seeded data, with a record of every module fetch and link read. */
export interface QueryEnv {
  readonly query: LinkQuery;
  readonly fetches: FetchCall[];
  /** Link tables read, one entry per `listLinks`. */
  readonly linkReads: string[];
  /** Joined reads of the store's `joinReader`: `hop <link table or target table>` or `page <root table>`. */
  readonly joinReads: string[];
  /** SQL statements sent through `knex` since the last reset (0 without a knex). */
  statements(): number;
  /** Most module fetches in flight at once since the last reset. */
  maxInFlight(): number;
  reset(): void;
}

/** Records every `listLinks` of the stores' transactions and every joined read; everything else passes through. */
class RecordingStore implements LinkStore {
  readonly capabilities;
  readonly joinReader: JoinReader | undefined;
  constructor(
    readonly inner: LinkStore,
    readonly reads: string[],
    joinReads: string[],
  ) {
    this.capabilities = inner.capabilities;
    const reader = joinReaderOf(inner);
    this.joinReader = reader && {
      database: reader.database,
      readHop: (read) => {
        joinReads.push(`hop ${read.step.kind === "link" ? read.step.link.name : read.step.to.table}`);
        return reader.readHop(read);
      },
      readPage: (read) => {
        joinReads.push(`page ${read.root.table}`);
        return reader.readPage(read);
      },
    };
  }
  transaction<T>(work: (tx: LinkStoreTransaction) => Promise<T>, options?: { readonly outer?: unknown }): Promise<T> {
    return this.inner.transaction((tx) => work(this.#recording(tx)), options);
  }
  #recording(tx: LinkStoreTransaction): LinkStoreTransaction {
    return {
      handle: tx.handle,
      lockRecords: (records) => tx.lockRecords(records),
      upsertLinks: (table, rows) => tx.upsertLinks(table, rows),
      dismissLinks: (table, pairs) => tx.dismissLinks(table, pairs),
      dismissAllBut: (table, side, anchors, keep) => tx.dismissAllBut(table, side, anchors, keep),
      listLinks: (table: LinkTable, filter: LinkFilter): Promise<StoredLink[]> => {
        this.reads.push(table.name);
        return tx.listLinks(table, filter);
      },
      softDeleteLinks: (table, side, ids, stamp, options) => tx.softDeleteLinks(table, side, ids, stamp, options),
      unmarkCascaded: (table, side, ids, deletionId, partners) => tx.unmarkCascaded(table, side, ids, deletionId, partners),
      idsWithLiveLinks: (table, side, ids) => tx.idsWithLiveLinks(table, side, ids),
      restoreLinks: (table, side, targets) => tx.restoreLinks(table, side, targets),
    };
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Seeds the fixture links through RemoteLink, dismissing prod_3 -> mc_4. Once per database. */
export async function seedLinks(store: LinkStore): Promise<void> {
  const remoteLink = new RemoteLink({ links, store });
  await remoteLink.create(brandLinks.map(([product, brand]) => ({ product: { product_id: product }, brand: { brand_id: brand } })));
  await remoteLink.create(
    customLinks.map(({ product, custom, data }) => ({ product: { product_id: product }, helloModuleService: { my_custom_id: custom }, data })),
  );
  await remoteLink.dismiss({ product: { product_id: "prod_3" }, helloModuleService: { my_custom_id: "mc_4" } });
}

/**
 * A LinkQuery over recording wrappers of `store` and `modules` (links seeded
 * with `seedLinks`). Give `knex` to count the statements sent through it.
 */
export function openQueryEnv(store: LinkStore, modules: Record<string, QueryableModuleService>, knex?: Knex): QueryEnv {
  const remoteLink = new RemoteLink({ links, store });
  const fetches: FetchCall[] = [];
  const linkReads: string[] = [];
  const joinReads: string[] = [];
  let statements = 0;
  knex?.on("query", () => statements++);
  let inFlight = 0;
  let maxInFlight = 0;
  const recorded = Object.fromEntries(
    Object.entries(modules).map(([module, service]): [string, QueryableModuleService] => [
      module,
      {
        ...service,
        async listRecords(model, query) {
          fetches.push({ module, model, query });
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          try {
            return await service.listRecords(model, query);
          } finally {
            inFlight--;
          }
        },
      },
    ]),
  );
  const query = new LinkQuery({ graph: remoteLink.graph, store: new RecordingStore(store, linkReads, joinReads), modules: recorded, readOnlyLinks });
  return {
    query,
    fetches,
    linkReads,
    joinReads,
    statements: () => statements,
    maxInFlight: () => maxInFlight,
    reset() {
      fetches.length = 0;
      linkReads.length = 0;
      joinReads.length = 0;
      statements = 0;
      maxInFlight = 0;
    },
  };
}
