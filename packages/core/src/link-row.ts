/** A link row as `list()` returns it: key columns, extra columns and timestamps. */
export type LinkRow = Record<string, unknown> & {
  id: string;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
};
