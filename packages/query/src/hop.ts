import type { StoredLink } from "@modlink/core";
import type { Row } from "./fetch-records";
import type { QueryRelation } from "./query-entity";

/** One relation to follow from a set of parent records. */
export interface Hop {
  readonly relation: QueryRelation;
  /** Parent rows; they hold the primary key and, for read-only links, the `fromField`. */
  readonly parents: readonly Row[];
  /** Fields of the targets to fetch (the primary key is added). */
  readonly fields: readonly string[];
}

/** A target record as attached to one parent, with the link row that joins them. */
export interface Attachment {
  readonly record: Row;
  /** Undefined for read-only links. */
  readonly link: StoredLink | undefined;
}

/** Attachments by parent key (the parent's primary key as a string). */
export type HopResult = Map<string, Attachment[]>;
