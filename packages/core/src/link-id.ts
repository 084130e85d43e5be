import { monotonicFactory } from "ulid";

/** Random 32-bit words drawn from the platform's CSPRNG a batch at a time. */
const pool = new Uint32Array(1024);
let next = pool.length;

/**
 * A number in [0, 1) from the pooled words. ulid's default draws from the
 * CSPRNG once per character (16 calls per id, the largest cost of a
 * one-link create); one call per 1,024 draws gives the same randomness.
 */
function pooledRandom(): number {
  if (next === pool.length) {
    globalThis.crypto.getRandomValues(pool);
    next = 0;
  }
  return (pool[next++] as number) / 0x1_0000_0000;
}

// Monotonic so ids made in the same millisecond still sort in creation order.
const nextUlid = monotonicFactory(pooledRandom);

/**
 * A new link row id: the link's prefix and a ULID, e.g. `link_01J9Z...`.
 * Sortable by creation time, unique without a database sequence.
 */
export function newLinkId(prefix: string): string {
  return `${prefix}_${nextUlid()}`;
}
