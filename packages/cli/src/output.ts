import type { ErrorReport } from "./describe-error";

/** Where the CLI writes; `process.stdout` and `process.stderr` fit. */
export interface Stream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Text decorations; each is the identity when the stream is not a terminal. */
export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
}

/** How a command talks to the user: human lines, progress, or one JSON document. */
export interface Output {
  readonly json: boolean;
  readonly style: Style;
  /** Human-readable lines on stdout; dropped with `--json`. */
  text(...lines: string[]): void;
  /** Progress of work under way: stdout, or stderr with `--json` so stdout stays one JSON document. */
  progress(line: string): void;
  /** A side remark that must not mix with piped output (`modlink graph > graph.mmd`): always stderr, dropped with `--json`. */
  note(line: string): void;
  /** The machine-readable result, printed with `--json` only. */
  result(value: unknown): void;
  /** A failure: `error CODE: message` on stderr, or `{ "error": {...} }` on stdout with `--json`. */
  error(report: ErrorReport): void;
}

const PLAIN: Style = { bold: (t) => t, dim: (t) => t, red: (t) => t, green: (t) => t, yellow: (t) => t };

function ansi(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const COLOURED: Style = { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39) };

/** Colour only on a terminal, and never when `NO_COLOR` is set. */
function styleFor(stream: Stream, env: Readonly<Record<string, string | undefined>>): Style {
  return stream.isTTY === true && !env.NO_COLOR ? COLOURED : PLAIN;
}

/**
 * The output of one run.
 *
 * @example const out = createOutput({ stdout: process.stdout, stderr: process.stderr, json: false, env: process.env })
 */
export function createOutput(options: { stdout: Stream; stderr: Stream; json: boolean; env: Readonly<Record<string, string | undefined>> }): Output {
  const { stdout, stderr, json } = options;
  const style = styleFor(stdout, options.env);
  const errorStyle = styleFor(stderr, options.env);
  return {
    json,
    style,
    text: (...lines) => {
      if (!json) stdout.write(lines.map((line) => `${line}\n`).join(""));
    },
    progress: (line) => (json ? stderr : stdout).write(`${line}\n`),
    note: (line) => {
      if (!json) stderr.write(`${line}\n`);
    },
    result: (value) => {
      if (json) stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    error: (report) => {
      if (json) {
        stdout.write(`${JSON.stringify({ ok: false, error: report }, null, 2)}\n`);
        return;
      }
      stderr.write(`${errorStyle.red(errorStyle.bold(`error ${report.code}`))}: ${report.message}\n`);
      if (report.stack) stderr.write(`${errorStyle.dim(report.stack)}\n`);
    },
  };
}
