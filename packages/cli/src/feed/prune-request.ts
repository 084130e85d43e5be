import { CliError } from "../cli-error";
import type { Flags } from "../command";

/** The units `--older-than` takes, in milliseconds. */
export const DURATION_UNITS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;

const DURATION = /^(?<count>\d+)(?<unit>[a-z])$/;
const POSITION = /^\d+$/;
/** Positions are PostgreSQL bigints. */
const MAX_POSITION = 2n ** 63n - 1n;

/** What `modlink feed prune` was asked to remove, checked and normalised. */
export interface PruneRequest {
  /** `--through`, without leading zeros. */
  readonly through: string | undefined;
  /** `--older-than` as given, and the time it means: changes written before it go. */
  readonly olderThan: { readonly duration: string; readonly before: Date } | undefined;
}

/**
 * Reads `--through` and `--older-than`; at least one is needed.
 *
 * @example pruneRequest({ "older-than": "7d" }, now).olderThan?.before // now minus 7 days
 * @throws CliError USAGE naming the flag and the form it takes.
 */
export function pruneRequest(flags: Flags, now: Date): PruneRequest {
  const through = flags.through;
  const olderThan = flags["older-than"];
  if (typeof through !== "string" && typeof olderThan !== "string") {
    throw new CliError("USAGE", "modlink feed prune needs --through <position>, --older-than <duration>, or both. Run modlink feed --help.");
  }
  return {
    through: typeof through === "string" ? checkedPosition(through) : undefined,
    olderThan: typeof olderThan === "string" ? { duration: olderThan, before: timeBefore(olderThan, now) } : undefined,
  };
}

function checkedPosition(value: string): string {
  if (!POSITION.test(value) || BigInt(value) > MAX_POSITION) {
    throw new CliError("USAGE", `--through takes a feed position, a decimal integer such as 1200 (a cursor of remoteLink.changes()); got "${value}".`);
  }
  return BigInt(value).toString();
}

function timeBefore(duration: string, now: Date): Date {
  const { count, unit } = DURATION.exec(duration)?.groups ?? {};
  if (count === undefined || unit === undefined || !isDurationUnit(unit)) {
    throw new CliError("USAGE", `--older-than takes <n>d, <n>h, <n>m or <n>s (days, hours, minutes, seconds), e.g. 7d or 12h; got "${duration}".`);
  }
  const before = new Date(now.getTime() - Number(count) * DURATION_UNITS[unit]);
  if (Number.isNaN(before.getTime())) throw new CliError("USAGE", `--older-than ${duration} reaches back further than dates go; give a shorter one.`);
  return before;
}

function isDurationUnit(unit: string): unit is DurationUnit {
  return Object.hasOwn(DURATION_UNITS, unit);
}
