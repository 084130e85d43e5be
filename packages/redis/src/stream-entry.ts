import { type LinkEventMessage, LinkStoreError } from "@modlink/core";

/** The fields of one stream entry, one event each: the message's name, its data as JSON, and its metadata. */
export const EntryFields = ["name", "data", "position", "source"] as const;
export type EntryField = (typeof EntryFields)[number];

/** One event as read back from the stream: the message, and the id Redis gave its entry. */
export interface LinkStreamEvent extends LinkEventMessage {
  /** The stream entry's id (`1700000000000-0`): where a reader is in the stream, not an idempotency key. */
  readonly entryId: string;
}

/** A raw entry as XRANGE returns it: its id and a flat field/value list. */
export type RawEntry = readonly [id: string, fields: readonly string[]];

const POSITION = /^(0|[1-9][0-9]*)$/;

/**
 * The field/value list XADD takes for one message. `data` is JSON; bigints
 * (extra columns of type bigint) become decimal strings, dates ISO strings.
 */
export function entryFieldsOf(message: LinkEventMessage): string[] {
  const values: Record<EntryField, string> = {
    name: message.name,
    data: JSON.stringify(message.data, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)),
    position: message.metadata.position,
    source: message.metadata.source,
  };
  return EntryFields.flatMap((field) => [field, values[field]]);
}

/** The event an entry holds; an entry that is not a modlink event is a STORE_FAILURE naming it. */
export function linkEventOfEntry(stream: string, [entryId, list]: RawEntry): LinkStreamEvent {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < list.length; i += 2) fields.set(list[i] as string, list[i + 1] as string);
  const refuse = (what: string) =>
    new LinkStoreError("STORE_FAILURE", `Entry ${entryId} of stream "${stream}" is not a modlink event: ${what}. Give modlink a stream of its own.`);
  const [name, data, position, source] = EntryFields.map((field) => fields.get(field));
  if (name === undefined || data === undefined) throw refuse('it has no "name" or no "data"');
  if (position === undefined || !POSITION.test(position)) throw refuse(`its position is ${JSON.stringify(position)}`);
  if (source !== "modlink") throw refuse(`its source is ${JSON.stringify(source)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw refuse("its data is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw refuse("its data is not a JSON object");
  return { entryId, name, data: parsed as Record<string, unknown>, metadata: { position, source } };
}
