import { type Table, type Verdict, formatMs } from "./report-format";
import { spreadOf } from "./stats";
import type { Side, WorkloadResult } from "./workload";

/** Largest extra cost the change feed may add: feed-on ratio / feed-off ratio - 1 (the change feed's benchmark issue). */
export const FEED_EXTRA_TARGET = 0.1;

type TimedResult = Extract<WorkloadResult, { kind: "timed" }>;

/** A workload measured with the change feed off and on, both against the same hand-written baseline. */
interface FeedPair {
  readonly off: TimedResult;
  readonly on: TimedResult;
}

/**
 * The change feed table of one database: for each workload run with the
 * feed off and on, both ratios to the baseline and the extra cost of the
 * feed, judged against `FEED_EXTRA_TARGET`. Empty when no feed-on workload ran.
 */
export function feedRows(results: readonly WorkloadResult[]): Table {
  const pairs = feedPairs(results);
  if (pairs.length === 0) return { lines: [], verdicts: [] };
  const lines = [
    "| | change feed | N | ratio feed off | ratio feed on | extra cost of the feed | target | modlink ms off / on | baseline ms off / on | " +
      "statements modlink off / on |",
    "|---|---|---:|---:|---:|---:|---|---:|---:|---:|",
  ];
  const verdicts: Verdict[] = [];
  for (const { off, on } of pairs) {
    const extra = ratio(on) / ratio(off) - 1;
    const met = extra <= FEED_EXTRA_TARGET;
    const verdict = { text: `≤ ${FEED_EXTRA_TARGET * 100}% ${met ? "✓" : "✗"}`, met };
    verdicts.push(verdict);
    const offOn = (side: Side) => `${formatMs(median(off, side))} / ${formatMs(median(on, side))}`;
    lines.push(
      `| ${off.id} | ${off.title} | ${off.size.main.toLocaleString("en-US")} | ${ratio(off).toFixed(2)} | ${ratio(on).toFixed(2)} | ` +
        `${extra >= 0 ? "+" : ""}${(extra * 100).toFixed(1)}% | ${verdict.text} | ` +
        `${offOn("modlink")} | ${offOn("baseline")} | ${off.sides.modlink.statements} / ${on.sides.modlink.statements} |`,
    );
  }
  lines.push(
    "",
    "Extra cost of the feed = ratio feed on / ratio feed off - 1. Each ratio is modlink's median over the hand-written baseline's " +
      "(which records no feed) in the same interleaved runs, so a change of load between the two rows' runs largely cancels out.",
    "",
  );
  return { lines, verdicts };
}

/** Each feed-on result with the feed-off result it repeats; a pair where either side failed is left out (the failure is reported above). */
function feedPairs(results: readonly WorkloadResult[]): FeedPair[] {
  const timed = results.flatMap((result) => (result.status === "ok" && result.kind === "timed" ? [result] : []));
  const byId = new Map(timed.map((result) => [result.id, result]));
  return timed.flatMap((on) => {
    const off = on.feedOf === undefined ? undefined : byId.get(on.feedOf);
    return off === undefined ? [] : [{ off, on }];
  });
}

function median(result: TimedResult, side: Side): number {
  return spreadOf(result.sides[side].samplesMs).median;
}

/** modlink's median time over the baseline's. */
function ratio(result: TimedResult): number {
  return median(result, "modlink") / median(result, "baseline");
}
