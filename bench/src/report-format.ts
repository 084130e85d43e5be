import type { Spread } from "./stats";

/** Verdict of one row against the targets. */
export interface Verdict {
  readonly text: string;
  readonly met: boolean;
}

/** A table's Markdown lines and the verdicts of its rows. */
export interface Table {
  readonly lines: string[];
  readonly verdicts: Verdict[];
}

/** Milliseconds with about three significant digits. */
export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** `median (min-max)`, in milliseconds. */
export function formatSpread(spread: Spread): string {
  return `${formatMs(spread.median)} (${formatMs(spread.min)}-${formatMs(spread.max)})`;
}
