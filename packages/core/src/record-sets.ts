/**
 * Ids grouped by module and key, without gluing them into strings: the
 * visited set and the frontier of a cascade walk.
 */
export class RecordSets {
  readonly #byModule = new Map<string, Map<string, Set<string>>>();

  /** Adds ids; returns those that were not there yet. */
  add(module: string, key: string, ids: Iterable<string>): string[] {
    let byKey = this.#byModule.get(module);
    if (!byKey) this.#byModule.set(module, (byKey = new Map()));
    let set = byKey.get(key);
    if (!set) byKey.set(key, (set = new Set()));
    const added: string[] = [];
    for (const id of ids) {
      if (!set.has(id)) {
        set.add(id);
        added.push(id);
      }
    }
    return added;
  }

  has(module: string, key: string, id: string): boolean {
    return this.#byModule.get(module)?.get(key)?.has(id) ?? false;
  }

  get isEmpty(): boolean {
    for (const byKey of this.#byModule.values()) for (const set of byKey.values()) if (set.size > 0) return false;
    return true;
  }

  *entries(): Generator<{ module: string; key: string; ids: string[] }> {
    for (const [module, byKey] of this.#byModule) {
      for (const [key, set] of byKey) if (set.size > 0) yield { module, key, ids: [...set] };
    }
  }

  /** `{ module: { key: ids } }`, the shape results are reported in. */
  toObject(): Record<string, Record<string, string[]>> {
    const out: Record<string, Record<string, string[]>> = {};
    for (const { module, key, ids } of this.entries()) (out[module] ??= {})[key] = ids;
    return out;
  }
}
