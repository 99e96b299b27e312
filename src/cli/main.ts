// `cors-doctor <command> [options]`: finds the command, runs it, turns its errors into messages
// and exit codes. The bin (bin.ts) only sets process.exitCode from what this returns.
import { InputError, UsageError, type Command, type ExitCode } from "./command";
import { COMMANDS } from "./commands";
import { paint, type CliIo } from "./io";

export const VERSION = "0.1.0";

export function programHelp(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(0, ...commands.map((command) => command.name.length));
  return [
    "cors-doctor: why the browser blocks a cross-origin request, and how to fix the server.",
    "",
    "Usage: cors-doctor <command> [options]",
    "",
    "Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Options:",
    "  -h, --help     this help; `cors-doctor <command> --help` for a command's",
    "  -v, --version  the version",
    "",
    "Exit codes: 0 nothing blocked or failing, 1 a request blocked or a check failed, 2 a usage, input or network error.",
  ].join("\n");
}

export async function main(args: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<ExitCode> {
  const [first, ...rest] = args;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    const asked = first === "help" ? commands.find((command) => command.name === rest[0]) : undefined;
    if (asked) io.out(asked.help);
    else (first === undefined ? io.err : io.out)(programHelp(commands));
    return first === undefined ? 2 : 0;
  }
  if (first === "-v" || first === "--version") {
    io.out(VERSION);
    return 0;
  }
  const command = commands.find((each) => each.name === first);
  if (!command) {
    io.err(`${paint(io, "red", "error")}: unknown command '${first}'. Commands: ${commands.map((each) => each.name).join(", ")}. See cors-doctor --help.`);
    return 2;
  }
  if (rest.includes("-h") || rest.includes("--help")) {
    io.out(command.help);
    return 0;
  }
  return runGuarded(command, rest, io);
}

async function runGuarded(command: Command, args: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${paint(io, "red", "error")}: ${error.message}\nSee cors-doctor ${command.name} --help.`);
      return 2;
    }
    if (error instanceof InputError) {
      io.err(`${paint(io, "red", "error")}: ${error.message}`);
      return 2;
    }
    // A bug of ours: say so plainly, with the stack for the report, and never a CORS verdict.
    io.err(`${paint(io, "red", "internal error")} in cors-doctor ${command.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}
