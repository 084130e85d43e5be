import type { ChangeOperation } from "./change-feed";
import type { LinkChange } from "./read-changes";

/**
 * One event as event buses take it: Medusa's `{ name, data, metadata }`
 * message, so Medusa's own event bus modules can deliver modlink's events.
 */
export interface LinkEventMessage {
  readonly name: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** `position`: the change's feed position, the idempotency key for consumers (delivery is at least once). */
  readonly metadata: { readonly position: string; readonly source: "modlink" };
}

/**
 * Where the feed relay publishes. `emit` resolves once the bus holds the
 * messages (the relay then moves its cursor); rejecting makes the relay
 * publish them again later.
 *
 * @example
 * const eventBus: EventBus = { emit: async (messages) => { for (const m of messages) await queue.add(m.name, m) } }
 */
export interface EventBus {
  emit(messages: readonly LinkEventMessage[]): Promise<void>;
}

/** modlink's own event name per operation. */
export const LinkEventNames: Readonly<Record<ChangeOperation, string>> = Object.freeze({
  created: "link.created",
  revived: "link.created",
  updated: "link.updated",
  dismissed: "link.dismissed",
  deleted: "link.deleted",
  restored: "link.restored",
});

/** Medusa's suffix per operation; `updated` has no Medusa event. */
const MEDUSA_SUFFIX: Readonly<Record<ChangeOperation, "attached" | "detached" | undefined>> = {
  created: "attached",
  revived: "attached",
  restored: "attached",
  updated: undefined,
  dismissed: "detached",
  deleted: "detached",
};

/**
 * The PascalCase entity name of a link table, as Medusa names link entities
 * in its events: `link_product_product_brand_brand` -> `ProductProductBrandBrand`.
 */
export function linkEntityName(table: string): string {
  const words = table
    .replace(/^link_/, "")
    .split("_")
    .filter(Boolean);
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
}

/**
 * The events of one change: modlink's (`link.created`, `link.updated`,
 * `link.dismissed`, `link.deleted`, `link.restored`) with the whole change,
 * and Medusa's (`<Entity>.attached` / `.detached`) with the link id and
 * both keys, as Medusa's subscribers read them.
 */
export function linkEventsOf(change: LinkChange): LinkEventMessage[] {
  const metadata = { position: change.position, source: "modlink" } as const;
  const own: LinkEventMessage = {
    name: LinkEventNames[change.operation],
    data: {
      id: change.id,
      link: change.link,
      operation: change.operation,
      ...change.keys,
      data: change.data,
      deletion_id: change.deletionId,
      at: change.at.toISOString(),
      position: change.position,
    },
    metadata,
  };
  const suffix = MEDUSA_SUFFIX[change.operation];
  if (suffix === undefined) return [own];
  return [own, { name: `${linkEntityName(change.link)}.${suffix}`, data: { id: change.id, ...change.keys }, metadata }];
}
