/**
 * Groups items under a key, keeping first-seen order of keys. Used wherever
 * per-row input becomes one set-based call per link table.
 */
export function groupBy<K, T>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Runs `step` for each group in turn: one store connection, one statement at a time. */
export async function forEachGroup<K, T>(groups: Map<K, T[]>, step: (key: K, items: T[]) => Promise<void>): Promise<void> {
  for (const [key, items] of groups) await step(key, items);
}
