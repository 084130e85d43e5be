import { LinkInputError } from "@modlink/core";
import { isValidName } from "@modlink/core/store";

/** Positions are bigints: decimal, no sign, no leading zeros, at most PostgreSQL's bigint. */
const POSITION = /^(0|[1-9][0-9]{0,18})$/;
const MAX_POSITION = 2n ** 63n - 1n;

/** A consumer's name, checked before it reaches SQL (where it is bound, so this is about clear errors). */
export function checkedConsumer(consumer: unknown): string {
  if (!isValidName(consumer))
    throw new LinkInputError(
      "INVALID_INPUT",
      `A feed consumer's name must be letters, digits and underscores (at most 60); got ${JSON.stringify(String(consumer).slice(0, 40))}.`,
      consumer,
    );
  return consumer;
}

/** A feed position given by a caller. */
export function checkedPosition(position: unknown, what: string): string {
  if (typeof position !== "string" || !POSITION.test(position) || BigInt(position) > MAX_POSITION) {
    throw new LinkInputError("INVALID_INPUT", `${what} must be a feed position (a decimal integer as a string, e.g. a cursor changes() returned).`, position);
  }
  return position;
}
