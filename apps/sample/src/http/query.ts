/** Querystring schema of routes that can include soft-deleted records. */
export const withDeletedQuery = {
  type: "object",
  properties: { withDeleted: { type: "string", enum: ["true", "false"] } },
  additionalProperties: false,
} as const;

export interface WithDeletedQuery {
  readonly withDeleted?: "true" | "false";
}

/** `?withDeleted=true` as a boolean. */
export function wantsDeleted(query: WithDeletedQuery): boolean {
  return query.withDeleted === "true";
}

/** Path schema of `/:id` routes. */
export const idParams = {
  type: "object",
  properties: { id: { type: "string", minLength: 1, maxLength: 200 } },
  required: ["id"],
} as const;

export interface IdParams {
  readonly id: string;
}
