/** The column types an extra column of a link table may have. */
export const ExtraColumnTypes = ["text", "integer", "bigint", "float", "boolean", "json", "timestamp"] as const;
export type ExtraColumnType = (typeof ExtraColumnTypes)[number];
