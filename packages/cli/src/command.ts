import type { ExitCode } from "./exit-codes";
import type { Output } from "./output";
import type { ResolvedConfig } from "./resolve-config";

/** One flag: its parse type, and its line in `--help`. */
export interface FlagSpec {
  readonly type: "boolean" | "string";
  readonly short?: string;
  /** Shown after the flag for string flags: `--html <file>`. */
  readonly value?: string;
  readonly description: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Parsed flags by long name (`"allow-destructive"`). */
export type Flags = Readonly<Record<string, string | boolean | undefined>>;

/** What a command runs with. */
export interface CommandContext {
  readonly config: ResolvedConfig;
  readonly flags: Flags;
  readonly out: Output;
  /** The working directory, for paths given in flags. */
  readonly cwd: string;
  /** The word after the command's name, one of its `subcommands`; undefined for a command without any. */
  readonly subcommand: string | undefined;
}

/** A word a command takes after its name (`modlink feed prune`), and its line in `--help`. */
export interface Subcommand {
  readonly name: string;
  readonly summary: string;
}

/**
 * One `modlink <name>` subcommand. It prints its own output (text, or
 * `out.result` for `--json`) and says how the process exits.
 *
 * @example const graph: Command = { name: "graph", summary: "...", usage: "modlink graph [--html <file>]", flags: {}, details: [], run }
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: FlagSpecs;
  /** When set, the command needs one of these words after its name, and refuses any other. */
  readonly subcommands?: readonly Subcommand[];
  /** Paragraphs after the flags in `--help`: exit codes, examples. */
  readonly details: readonly string[];
  run(context: CommandContext): Promise<ExitCode>;
}

/** Flags every command takes. */
export const GLOBAL_FLAGS = {
  config: { type: "string", value: "file", description: "Config file (default: modlink.config.{ts,mts,js,mjs} in the working directory)." },
  json: { type: "boolean", description: "Print one JSON document on stdout instead of text (errors too)." },
  verbose: { type: "boolean", description: "Show stack traces of errors." },
  help: { type: "boolean", short: "h", description: "Show this help." },
} as const satisfies FlagSpecs;

/** The `--help` text of a command. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: ${command.usage}`, "", command.summary];
  if (command.subcommands !== undefined)
    lines.push("", "Subcommands:", ...alignedRows(command.subcommands.map(({ name, summary }) => ({ head: name, summary }))));
  lines.push("", "Options:", ...flagLines({ ...command.flags, ...GLOBAL_FLAGS }));
  for (const paragraph of command.details) lines.push("", paragraph);
  return `${lines.join("\n")}\n`;
}

function flagLines(flags: FlagSpecs): string[] {
  return alignedRows(
    Object.entries(flags).map(([name, spec]) => ({
      head: `${spec.short ? `-${spec.short}, ` : "    "}--${name}${spec.type === "string" ? ` <${spec.value ?? "value"}>` : ""}`,
      summary: spec.description,
    })),
  );
}

function alignedRows(rows: readonly { readonly head: string; readonly summary: string }[]): string[] {
  const width = Math.max(...rows.map((row) => row.head.length));
  return rows.map((row) => `  ${row.head.padEnd(width)}  ${row.summary}`);
}
