import { monotonicFactory } from "ulid";

// Monotonic so ids made in the same millisecond still sort in creation order.
const nextUlid = monotonicFactory();

/**
 * A new link row id: the link's prefix and a ULID, e.g. `link_01J9Z...`.
 * Sortable by creation time, unique without a database sequence.
 */
export function newLinkId(prefix: string): string {
  return `${prefix}_${nextUlid()}`;
}
