/** Options every RemoteLink method takes. */
export interface CallOptions {
  /**
   * The host's own transaction (a knex transaction for `@modlink/knex`): the
   * call joins it, so the host's writes and the links commit or fail together.
   */
  readonly transaction?: unknown;
}

/** Options of `list`. */
export interface ListOptions extends CallOptions {
  /** Return each link in the input shape of create/dismiss instead of as a row. */
  readonly asLinkDefinition?: boolean;
  /** Include soft-deleted (dismissed or cascade-deleted) links. */
  readonly withDeleted?: boolean;
}
