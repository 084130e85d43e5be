import type { LinkFilter, LinkStore, LinkStoreTransaction, LinkTable, StoredLink, TransactionOptions } from "@modlink/core";
import { type JoinReader, joinReaderOf } from "@modlink/query";

/**
 * A store that passes everything through to another, recording each link
 * table its transactions read (`listLinks`) and each read of its join reader:
 * `hop <link table or target table>` or `page <root table>`.
 */
export class RecordingStore implements LinkStore {
  readonly capabilities;
  readonly joinReader: JoinReader | undefined;
  readonly #inner: LinkStore;
  readonly #linkReads: string[];

  constructor(inner: LinkStore, linkReads: string[], joinReads: string[]) {
    this.#inner = inner;
    this.#linkReads = linkReads;
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

  transaction<T>(work: (tx: LinkStoreTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.#inner.transaction((tx) => work(this.#recording(tx)), options);
  }

  #recording(tx: LinkStoreTransaction): LinkStoreTransaction {
    return {
      handle: tx.handle,
      lockRecords: (records) => tx.lockRecords(records),
      upsertLinks: (table, rows) => tx.upsertLinks(table, rows),
      dismissLinks: (table, pairs) => tx.dismissLinks(table, pairs),
      dismissAllBut: (table, side, anchors, keep) => tx.dismissAllBut(table, side, anchors, keep),
      listLinks: (table: LinkTable, filter: LinkFilter): Promise<StoredLink[]> => {
        this.#linkReads.push(table.name);
        return tx.listLinks(table, filter);
      },
      softDeleteLinks: (table, side, ids, stamp, options) => tx.softDeleteLinks(table, side, ids, stamp, options),
      unmarkCascaded: (table, side, ids, deletionId, partners) => tx.unmarkCascaded(table, side, ids, deletionId, partners),
      idsWithLiveLinks: (table, side, ids) => tx.idsWithLiveLinks(table, side, ids),
      restoreLinks: (table, side, targets) => tx.restoreLinks(table, side, targets),
    };
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
