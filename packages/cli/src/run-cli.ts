import { parseArgs } from "node:util";
import { CliError } from "./cli-error";
import { type Command, type FlagSpecs, type Flags, GLOBAL_FLAGS, commandHelp } from "./command";
import { doctorCommand } from "./commands/doctor-command";
import { feedCommand } from "./commands/feed-command";
import { graphCommand } from "./commands/graph-command";
import { planCommand } from "./commands/plan-command";
import { syncCommand } from "./commands/sync-command";
import { describeError } from "./describe-error";
import { type ExitCode, ExitCodes } from "./exit-codes";
import { loadConfig } from "./load-config";
import { type Stream, createOutput } from "./output";
import { version } from "../package.json";

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [planCommand, syncCommand, graphCommand, doctorCommand, feedCommand];

/** The process around a run: streams, working directory, environment. Never stdin. */
export interface CliIo {
  readonly stdout: Stream;
  readonly stderr: Stream;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs `modlink <argv>` and returns the exit code. Every failure is reported
 * (code and message; stack with `--verbose`) and turned into exit code 1.
 *
 * @example process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env })
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  // Read before parsing, so even a parse error is reported the way the caller asked.
  const json = argv.includes("--json");
  const verbose = argv.includes("--verbose");
  const out = createOutput({ stdout: io.stdout, stderr: io.stderr, json, env: io.env });
  try {
    const name = commandName(argv);
    if (name === undefined || name === "help") return topLevel(argv, name, io);
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (command === undefined)
      throw new CliError("USAGE", `Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(", ")}. Run modlink --help.`);
    const { flags, word } = parseFlags(argv, command);
    if (flags.help === true) {
      io.stdout.write(commandHelp(command));
      return ExitCodes.ok;
    }
    const subcommand = subcommandOf(command, word);
    const configFile = typeof flags.config === "string" ? flags.config : undefined;
    const config = await loadConfig({ file: configFile, cwd: io.cwd, env: io.env });
    return await command.run({ config, flags, out, cwd: io.cwd, subcommand });
  } catch (error) {
    out.error(describeError(error, verbose));
    return ExitCodes.failure;
  }
}

/** The first argument that is neither a flag nor the value of `--config`. */
function commandName(argv: readonly string[]): string | undefined {
  const options = Object.fromEntries(
    [...Object.entries(GLOBAL_FLAGS), ...COMMANDS.flatMap((command) => Object.entries(command.flags))].map(([name, spec]) => [name, { type: spec.type }]),
  );
  const { positionals } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true });
  return positionals[0];
}

/** The flags, and the word after the command's name (its subcommand) for a command that takes one. */
function parseFlags(argv: readonly string[], command: Command): { flags: Flags; word: string | undefined } {
  const specs: FlagSpecs = { ...command.flags, ...GLOBAL_FLAGS };
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]),
  );
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    const words = command.subcommands === undefined ? 1 : 2;
    if (positionals.length > words) throw new CliError("USAGE", `Unexpected argument "${positionals[words]}". Usage: ${command.usage}`);
    const flags: Record<string, string | boolean | undefined> = {};
    for (const [name, value] of Object.entries(values)) if (!Array.isArray(value)) flags[name] = value;
    return { flags, word: positionals[1] };
  } catch (error) {
    if (error instanceof CliError) throw error;
    // Node's parse errors go on about positionals after `--`; their first sentence is what matters.
    const message = (error instanceof Error ? error.message : String(error)).split(/\.\s/)[0];
    throw new CliError("USAGE", `${message}. Run modlink ${command.name} --help.`, { cause: error });
  }
}

/** Checked after `--help`, so that `modlink feed --help` shows the subcommands instead of refusing. */
function subcommandOf(command: Command, word: string | undefined): string | undefined {
  if (command.subcommands === undefined) return undefined;
  const names = command.subcommands.map((subcommand) => subcommand.name).join(", ");
  if (word === undefined) throw new CliError("USAGE", `modlink ${command.name} needs a subcommand: ${names}. Usage: ${command.usage}`);
  if (!command.subcommands.some((subcommand) => subcommand.name === word)) {
    throw new CliError("USAGE", `Unknown subcommand "${word}" of modlink ${command.name}. Subcommands: ${names}. Run modlink ${command.name} --help.`);
  }
  return word;
}

function topLevel(argv: readonly string[], name: "help" | undefined, io: CliIo): ExitCode {
  if (name === undefined && argv.includes("--version")) {
    io.stdout.write(`${version}\n`);
    return ExitCodes.ok;
  }
  const topic = name === "help" ? argv.filter((arg) => !arg.startsWith("-"))[1] : undefined;
  const command = COMMANDS.find((candidate) => candidate.name === topic);
  if (topic !== undefined && command === undefined) throw new CliError("USAGE", `No help for "${topic}". Commands: ${COMMANDS.map((c) => c.name).join(", ")}.`);
  io.stdout.write(command ? commandHelp(command) : overview());
  const asked = name === "help" || argv.includes("--help") || argv.includes("-h");
  return asked ? ExitCodes.ok : ExitCodes.failure;
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `modlink ${version}: link tables and the link graph of a modlink application`,
    "",
    "Usage: modlink <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Options for every command: --config <file>, --json, --verbose, --help",
    "Config: modlink.config.ts (or .mts/.js/.mjs) in the working directory, `export default defineConfig({ links, databaseUrl })`; " +
      "DATABASE_URL overrides databaseUrl.",
    "Exit codes: 0 ok, 1 error, 2 changes pending (plan), refused changes left (sync), problems found (doctor).",
    "",
    "Run modlink <command> --help for its options.",
    "",
  ].join("\n");
}
