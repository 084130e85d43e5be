import { LinkInputError } from "./errors";

/**
 * Inputs of an array a create plans and writes at a time: an array of at
 * most this many is one slice (one statement per table, its records locked
 * exactly); a larger one is planned a slice at a time, never all at once.
 */
export const CREATE_SLICE = 50_000;

/**
 * Inputs of an iterable a create reads, plans and writes at a time. Smaller
 * than an array's slice because what a stream saves is memory: a slice's
 * objects that die before the next few allocations are collected young,
 * while a 50,000-input slice outlives them and piles up in the old
 * generation until a full collection (measured on 1,000,000 streamed links:
 * 612 MB of RSS added with 50,000, 340 with 10,000, 316 with 5,000).
 */
export const STREAM_SLICE = 5_000;

/** A call's inputs, read a slice at a time. */
export interface InputSlices {
  /** An array can be read again from the start (a store may run a unit of work twice); a stream cannot. */
  readonly replayable: boolean;
  /** The inputs in order, in non-empty slices of at most CREATE_SLICE (arrays) or STREAM_SLICE (iterables). */
  slices(): AsyncGenerator<unknown[], void>;
}

/**
 * One input, an array of them, or any iterable or async iterable of them
 * (a generator, a database cursor, a stream), as slices. Streams are read
 * once, lazily: the caller never needs all inputs in memory.
 */
export function inputSlices(input: unknown, method: string): InputSlices {
  if (Array.isArray(input)) return { replayable: true, slices: () => arraySlices(nonEmpty(input, method)) };
  const stream = asStream(input);
  if (!stream) return { replayable: true, slices: () => arraySlices([input]) };
  let read = false;
  return {
    replayable: false,
    slices: () => {
      if (read) throw new Error(`internal: the inputs of ${method}() were already read`);
      read = true;
      return streamSlices(stream, method, input);
    },
  };
}

/**
 * The inputs as one slice when they are given at once and fit in one (one
 * input, or an array of at most CREATE_SLICE): the common call, which then
 * needs none of the slicing machinery. Undefined for anything else.
 */
export function wholeInputs(input: unknown, method: string): readonly unknown[] | undefined {
  if (Array.isArray(input)) return input.length <= CREATE_SLICE ? nonEmpty(input, method) : undefined;
  return asStream(input) ? undefined : [input];
}

function nonEmpty(inputs: readonly unknown[], method: string): readonly unknown[] {
  if (inputs.length === 0) throw new LinkInputError("INVALID_INPUT", `${method}() got an empty array. Pass at least one input, or skip the call.`, inputs);
  return inputs;
}

async function* arraySlices(inputs: readonly unknown[]): AsyncGenerator<unknown[], void> {
  for (let start = 0; start < inputs.length; start += CREATE_SLICE) yield inputs.slice(start, start + CREATE_SLICE);
}

async function* streamSlices(stream: AsyncIterable<unknown> | Iterable<unknown>, method: string, input: unknown): AsyncGenerator<unknown[], void> {
  let slice: unknown[] = [];
  let any = false;
  for await (const item of stream) {
    any = true;
    slice.push(item);
    if (slice.length === STREAM_SLICE) {
      yield slice;
      slice = [];
    }
  }
  if (slice.length > 0) yield slice;
  if (!any) throw new LinkInputError("INVALID_INPUT", `${method}() got an iterable with no inputs. Pass at least one input, or skip the call.`, input);
}

/** An iterable or async iterable that is not itself an input (inputs are plain objects, never iterable). */
function asStream(input: unknown): AsyncIterable<unknown> | Iterable<unknown> | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const candidate = input as Partial<AsyncIterable<unknown> & Iterable<unknown>>;
  if (typeof candidate[Symbol.asyncIterator] === "function") return input as AsyncIterable<unknown>;
  if (typeof candidate[Symbol.iterator] === "function") return input as Iterable<unknown>;
  return undefined;
}
