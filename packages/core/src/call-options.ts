/** Options every RemoteLink method takes. */
export interface CallOptions {
  /**
   * The host's own transaction (a knex transaction for `@modlink/knex`): the
   * call joins it, so the host's writes and the links commit or fail together.
   */
  readonly transaction?: unknown;
}

/** Options of `create` and `dismiss`. */
export interface ReturnLinksOption extends CallOptions {
  /**
   * Return the rows the call wrote, as Medusa's remote link does: `create`
   * resolves to one `CreatedLink` per distinct pair (array inputs of at
   * most `CREATE_SLICE`, not streams), `dismiss` adds `links` to its count.
   * Off by default: a bulk write then returns no rows, which keeps it one
   * statement without a read of the pairs first.
   */
  readonly returnLinks?: boolean;
}

/** The most rows one `list` page returns (`take`), and the most it skips (`skip`). */
export const MAX_LIST_TAKE = 10_000;
export const MAX_LIST_SKIP = 10_000;

/** Options of `list`. */
export interface ListOptions extends CallOptions {
  /** Return each link in the input shape of create/dismiss instead of as a row. */
  readonly asLinkDefinition?: boolean;
  /** Include soft-deleted (dismissed or cascade-deleted) links. */
  readonly withDeleted?: boolean;
  /**
   * A page of at most this many links (1 to `MAX_LIST_TAKE`). Pages are in
   * the order of the links' ids, so a page and the next never overlap.
   */
  readonly take?: number;
  /** Leaves out this many links first (0 to `MAX_LIST_SKIP`); for deeper pages use `after`. */
  readonly skip?: number;
  /** Only links whose id sorts after this one: the last id of the previous page. */
  readonly after?: string;
}

/** The option names each method accepts; any other is `INVALID_INPUT`. */
export const CALL_OPTION_NAMES = ["transaction"] as const;
export const WRITE_OPTION_NAMES = ["transaction", "returnLinks"] as const;
export const LIST_OPTION_NAMES = ["transaction", "asLinkDefinition", "withDeleted", "take", "skip", "after"] as const;
