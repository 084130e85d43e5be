import { type AnyLinkDefinition, type LinkSide, type SideName, otherSide } from "@modlink/core";
import type { StoredRecord } from "./record-tables";
import type { ServiceFaults } from "./table-services";

/**
 * An independent model of RemoteLink's write semantics, written from the
 * README (not from core's cascade code, not on the memory store), over link
 * rows and module records with table-backed module services:
 * - create: every pair live, stamps cleared; a "one" side with two live rows fails the whole call (CARDINALITY_VIOLATION).
 * - dismiss: live rows deleted, unstamped (restore never revives them).
 * - delete: breadth-first from the roots: each level soft-deletes the live rows of its records (stamped
 *   with the deletion and the side it came from), then asks the modules on cascading sides to delete the
 *   partners not yet visited ("orphans": only those left with no live row in that link), marks the rows of
 *   partners a module really deleted as cascaded, and continues from those records.
 * - restore: breadth-first from the roots: revives rows deleted from the roots' side (any deletion), restores
 *   the partners cascaded rows name within that row's deletion (roots included: a later delete may have
 *   taken as a root a record that deletion had already removed), and continues from the ones not visited
 *   within that deletion only.
 * Module calls are counted as the services count them, so an injected throw fails the call at the same place.
 */
export interface ModelPair {
  readonly link: AnyLinkDefinition;
  readonly left: string;
  readonly right: string;
}

export interface ModelRecords {
  readonly module: string;
  readonly key: string;
  readonly ids: readonly string[];
}

/** A call; `deletion` is the label the model stamps (a delete's) for comparison with the real ids' labels. */
export type ModelCall =
  | { readonly kind: "create" | "dismiss"; readonly pairs: readonly ModelPair[] }
  | { readonly kind: "delete"; readonly roots: ModelRecords; readonly deletion: string; readonly faults?: ServiceFaults }
  | { readonly kind: "restore"; readonly roots: ModelRecords; readonly faults?: ServiceFaults };

interface Row {
  readonly link: AnyLinkDefinition;
  readonly left: string;
  readonly right: string;
  live: boolean;
  deletion: string | null;
  from: SideName | null;
  cascaded: boolean;
}

export type ModelOutcome = { readonly ok: true } | { readonly ok: false; readonly code: string };

class ModelFailure extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const recordKey = (module: string, key: string, id: string) => JSON.stringify([module, key, id]);
const rowKey = (link: AnyLinkDefinition, left: string, right: string) => JSON.stringify([link.table, left, right]);

/** Link rows and records; `apply` changes it only when the call succeeds. */
export class LinkModel {
  readonly #links: readonly AnyLinkDefinition[];
  #rows = new Map<string, Row>();
  /** Deletion label by record, null when live; records absent here do not exist. */
  #records = new Map<string, string | null>();

  constructor(links: readonly AnyLinkDefinition[], seeded: readonly { module: string; key: string; ids: readonly string[] }[]) {
    this.#links = links;
    for (const { module, key, ids } of seeded) for (const id of ids) this.#records.set(recordKey(module, key, id), null);
  }

  clone(): LinkModel {
    const copy = new LinkModel(this.#links, []);
    copy.#rows = new Map([...this.#rows].map(([key, row]) => [key, { ...row }]));
    copy.#records = new Map(this.#records);
    return copy;
  }

  /** Runs a call; on failure the state is left as it was (the transaction rolled back). */
  apply(call: ModelCall): ModelOutcome {
    const before = this.clone();
    try {
      switch (call.kind) {
        case "create":
          this.#create(call.pairs);
          break;
        case "dismiss":
          this.#dismiss(call.pairs);
          break;
        case "delete":
          this.#delete(call.roots, call.deletion, new CallCounter(call.faults));
          break;
        case "restore":
          this.#restore(call.roots, new CallCounter(call.faults));
      }
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ModelFailure)) throw error;
      this.#rows = before.#rows;
      this.#records = before.#records;
      return { ok: false, code: error.code };
    }
  }

  #create(pairs: readonly ModelPair[]): void {
    for (const { link, left, right } of pairs) {
      const row = this.#rows.get(rowKey(link, left, right)) ?? { link, left, right, live: true, deletion: null, from: null, cascaded: false };
      Object.assign(row, { live: true, deletion: null, from: null, cascaded: false });
      this.#rows.set(rowKey(link, left, right), row);
    }
    this.#assertCardinality();
  }

  #dismiss(pairs: readonly ModelPair[]): void {
    for (const { link, left, right } of pairs) {
      const row = this.#rows.get(rowKey(link, left, right));
      if (row?.live) Object.assign(row, { live: false, deletion: null, from: null, cascaded: false });
    }
  }

  #delete(roots: ModelRecords, deletion: string, calls: CallCounter): void {
    const visited = new Set(roots.ids.map((id) => recordKey(roots.module, roots.key, id)));
    let frontier: ModelRecords[] = [roots];
    while (frontier.length > 0) {
      const candidates: { link: AnyLinkDefinition; partnerSide: SideName; partner: LinkSide; ids: string[] }[] = [];
      for (const { module, key, ids } of frontier) {
        for (const { link, side } of this.#endsOf(module, key)) {
          const deleted = this.#rowsOf(link).filter((row) => row.live && ids.includes(row[side]));
          for (const row of deleted) Object.assign(row, { live: false, deletion, from: side, cascaded: false });
          const partnerSide = otherSide(side);
          const partner = link[partnerSide] as LinkSide;
          if (partner.cascade === "none" || deleted.length === 0) continue;
          const partnerIds = unique(deleted.map((row) => row[partnerSide])).filter((id) => !visited.has(recordKey(partner.module, partner.key, id)));
          candidates.push({ link, partnerSide, partner, ids: partnerIds });
        }
      }
      // Orphans are judged once every row of this level is gone.
      for (const candidate of candidates.filter((c) => c.partner.cascade === "orphans")) {
        const live = new Set(
          this.#rowsOf(candidate.link)
            .filter((row) => row.live)
            .map((row) => row[candidate.partnerSide]),
        );
        candidate.ids = candidate.ids.filter((id) => !live.has(id));
      }
      const next: ModelRecords[] = [];
      for (const group of groupsOf(candidates, (c) => JSON.stringify([c.partner.module, c.partner.model]))) {
        const { module, key } = (group[0] as (typeof candidates)[number]).partner;
        const ids = unique(group.flatMap((c) => c.ids)).filter((id) => !visited.has(recordKey(module, key, id)));
        if (ids.length === 0) continue;
        calls.next("delete");
        const own = ids.filter((id) => this.#records.get(recordKey(module, key, id)) === null);
        for (const id of own) this.#records.set(recordKey(module, key, id), deletion);
        for (const candidate of group) {
          const marked = candidate.ids.filter((id) => own.includes(id));
          for (const row of this.#rowsOf(candidate.link)) if (row.deletion === deletion && marked.includes(row[candidate.partnerSide])) row.cascaded = true;
        }
        for (const id of own) visited.add(recordKey(module, key, id));
        if (own.length > 0) next.push({ module, key, ids: own });
      }
      frontier = next;
    }
  }

  #restore(roots: ModelRecords, calls: CallCounter): void {
    type Targets = { module: string; key: string; targets: { id: string; deletion: string | null }[] };
    const visited = new Set(roots.ids.map((id) => recordKey(roots.module, roots.key, id)));
    const restoredHere = new Set<string>();
    let frontier: Targets[] = [{ module: roots.module, key: roots.key, targets: roots.ids.map((id) => ({ id, deletion: null })) }];
    while (frontier.length > 0) {
      const revived: { partner: LinkSide; id: string; deletion: string }[] = [];
      for (const { module, key, targets } of frontier) {
        for (const { link, side } of this.#endsOf(module, key)) {
          const rows = this.#rowsOf(link).filter(
            (row) =>
              !row.live &&
              row.from === side &&
              row.deletion !== null &&
              targets.some((t) => t.id === row[side] && (t.deletion === null || t.deletion === row.deletion)),
          );
          for (const row of rows) {
            if (row.cascaded) revived.push({ partner: link[otherSide(side)] as LinkSide, id: row[otherSide(side)], deletion: row.deletion as string });
            Object.assign(row, { live: true, deletion: null, from: null, cascaded: false });
          }
          this.#assertCardinality();
        }
      }
      const next: Targets[] = [];
      for (const group of groupsOf(revived, (r) => JSON.stringify([r.partner.module, r.partner.model, r.deletion]))) {
        const { partner, deletion } = group[0] as (typeof revived)[number];
        // Roots too: a root this row's deletion had cascaded to is part of what undoing it restores.
        const ids = unique(group.map((r) => r.id)).filter((id) => !restoredHere.has(recordKey(partner.module, partner.key, id)));
        if (ids.length === 0) continue;
        calls.next("restore");
        const restored = ids.filter((id) => this.#records.get(recordKey(partner.module, partner.key, id)) === deletion);
        const fresh = restored.filter((id) => !visited.has(recordKey(partner.module, partner.key, id)));
        for (const id of restored) {
          this.#records.set(recordKey(partner.module, partner.key, id), null);
          restoredHere.add(recordKey(partner.module, partner.key, id));
          visited.add(recordKey(partner.module, partner.key, id));
        }
        if (fresh.length > 0) next.push({ module: partner.module, key: partner.key, targets: fresh.map((id) => ({ id, deletion })) });
      }
      frontier = next;
    }
  }

  #endsOf(module: string, key: string): { link: AnyLinkDefinition; side: SideName }[] {
    return this.#links.flatMap((link) =>
      (["left", "right"] as const).filter((side) => link[side].module === module && link[side].key === key).map((side) => ({ link, side })),
    );
  }

  #rowsOf(link: AnyLinkDefinition): Row[] {
    return [...this.#rows.values()].filter((row) => row.link === link);
  }

  /** A side is "one" unless the other side is a list. */
  #assertCardinality(): void {
    for (const link of this.#links) {
      for (const side of ["left", "right"] as const) {
        if (link[otherSide(side)].isList) continue;
        const live = this.#rowsOf(link)
          .filter((row) => row.live)
          .map((row) => row[side]);
        if (new Set(live).size !== live.length) throw new ModelFailure("CARDINALITY_VIOLATION");
      }
    }
  }

  /** Rows and records as comparable lines, deletions by label. */
  fingerprint(): { rows: string[]; records: string[] } {
    const rows = [...this.#rows.values()].map((row) => rowLine(row.link.table, row.left, row.right, row.live, row.deletion, row.from, row.cascaded));
    const records = [...this.#records].map(([key, deletion]) => {
      const [module, recordKeyName, id] = JSON.parse(key) as [string, string, string];
      return recordLine({ module, key: recordKeyName, id, deletionId: deletion });
    });
    return { rows: rows.sort(), records: records.sort() };
  }
}

/** Counts module-service calls as `TableServices` does and fails where its `throwAt` would. */
class CallCounter {
  #count = 0;
  constructor(readonly faults: ServiceFaults | undefined) {}
  next(operation: "delete" | "restore"): void {
    this.#count++;
    const throwAt = this.faults?.throwAt;
    if (throwAt?.operation === operation && throwAt.call === this.#count) throw new ModelFailure("CASCADE_FAILED");
  }
}

export function rowLine(table: string, left: string, right: string, live: boolean, deletion: string | null, from: string | null, cascaded: boolean): string {
  return JSON.stringify({ table, left, right, live, deletion, from, cascaded });
}

export function recordLine(record: StoredRecord): string {
  return JSON.stringify([record.module, record.key, record.id, record.deletionId ?? "live"]);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function groupsOf<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return [...groups.values()];
}
