/** What a `delete` did; pass the same input to `restore` to undo it. */
export interface DeleteResult {
  /** Identifies this cascade in the link tables. */
  readonly deletionId: string;
  /** Records the cascade soft-deleted through module services (not the given roots), by module and key. */
  readonly records: Record<string, Record<string, string[]>>;
  /** Link rows soft-deleted, by link table. */
  readonly links: Record<string, number>;
}

/** What a `restore` brought back. */
export interface RestoreResult {
  /** Records restored through module services, by module and key. */
  readonly records: Record<string, Record<string, string[]>>;
  /** Link rows revived, by link table. */
  readonly links: Record<string, number>;
}
