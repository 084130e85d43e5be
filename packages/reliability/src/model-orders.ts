import type { CallOutcome } from "./worker-calls";
import type { LinkModel, ModelCall } from "./link-model";
import { permutations } from "./serial-orders";

/** A call's outcome as the model and the store must agree on it: "ok" or the error code. */
export function verdict(outcome: CallOutcome | { readonly ok: boolean; readonly code?: string }): string {
  return outcome.ok ? "ok" : String(outcome.code);
}

export interface OrderMatch {
  /** The serial order (indexes into the mix) that ends as observed, if any. */
  readonly order: number[] | undefined;
  /** Every serial order's verdicts and state, for the failure message. */
  readonly candidates: string[];
}

/**
 * Replays every serial order of `mix` on copies of `model` and returns the
 * first whose verdicts (per call, by index) and rows and records equal the
 * observed ones.
 */
export function matchSerialOrder(
  model: LinkModel,
  mix: readonly ModelCall[],
  verdicts: readonly string[],
  observed: { rows: string[]; records: string[] },
): OrderMatch {
  const wanted = JSON.stringify({ verdicts, ...observed });
  const candidates: string[] = [];
  for (const order of permutations(mix.length)) {
    const serial = model.clone();
    const serialVerdicts: string[] = [];
    for (const i of order) serialVerdicts[i] = verdict(serial.apply(mix[i] as ModelCall));
    const result = JSON.stringify({ verdicts: serialVerdicts, ...serial.fingerprint() });
    if (result === wanted) return { order, candidates };
    candidates.push(`order ${order.join(",")}: ${result}`);
  }
  return { order: undefined, candidates };
}
