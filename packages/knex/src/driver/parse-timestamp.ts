import { LinkStoreError } from "@modlink/core";

/**
 * PostgreSQL's text output of a timestamp with DateStyle ISO: a year of at
 * least four digits, an optional fraction of up to six, a zone offset
 * (`+00`, `+05:30`, `-03:00:52` before standard time) on timestamptz only,
 * and ` BC` last.
 */
const TIMESTAMP_TEXT = /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?( BC)?$/;

/**
 * Reads a `timestamptz` or `timestamp` value from its text form exactly as
 * `pg` does (its `pg-types` parser), so PGlite and PostgreSQL give the same
 * values: a Date for every year (PGlite's own parser goes through
 * `new Date(text)`, which reads years 1-99 as 1901-1999), the fraction
 * truncated to milliseconds, a BC year as the astronomical year (1 BC is
 * year 0), a value without a zone in local time, and `infinity` /
 * `-infinity` as the numbers `Infinity` / `-Infinity`.
 *
 * @example
 * parseTimestamp("0050-06-15 12:00:00.123456+05:30") // 0050-06-15T06:30:00.123Z
 */
export function parseTimestamp(text: string): Date | number {
  if (text === "infinity") return Number.POSITIVE_INFINITY;
  if (text === "-infinity") return Number.NEGATIVE_INFINITY;
  const parts = TIMESTAMP_TEXT.exec(text);
  if (parts === null) {
    throw new LinkStoreError(
      "STORE_FAILURE",
      `Cannot read the timestamp ${JSON.stringify(text)}: expected PostgreSQL's ISO output, like "2030-01-02 03:04:05.678+00". ` +
        "Leave the DateStyle setting at ISO.",
    );
  }
  const [, yearText, month, day, hour, minute, second, fraction = "", sign, zoneHours, zoneMinutes = "0", zoneSeconds = "0", bc] = parts;
  const year = bc === undefined ? Number(yearText) : 1 - Number(yearText);
  const fields = [Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, "0").slice(0, 3))] as const;
  if (sign === undefined) {
    // Local time, as pg reads a timestamp without zone; the Date constructor maps years 0-99 to 19xx, so set the year again.
    const local = new Date(year, ...fields);
    if (year >= 0 && year < 100) local.setFullYear(year);
    return local;
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, fields[0], fields[1]);
  utc.setUTCHours(fields[2], fields[3], fields[4], fields[5]);
  const offset = (Number(zoneHours) * 3600 + Number(zoneMinutes) * 60 + Number(zoneSeconds)) * 1000;
  return new Date(utc.getTime() - (sign === "-" ? -offset : offset));
}
