// What every command of `cors-doctor` is: a name, its help, and a run that returns an exit code
// (0: all good, 1: a problem found, 2: usage, input or network error — as eslint does). Nothing
// below main.ts calls process.exit, so every command runs in-process in the tests.
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { CliIo } from "./io";

export type ExitCode = 0 | 1 | 2;

export interface Command {
  readonly name: string;
  /** One line for `cors-doctor --help`. */
  readonly summary: string;
  /** The whole `cors-doctor <name> --help` text: usage, options, examples. */
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}

/** A mistake in how the command was called: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Bad input the user can fix (an unreadable file, an unreachable host): printed as is, exit 2. */
export class InputError extends Error {
  override readonly name = "InputError";
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs, strict, with its errors turned into UsageErrors. */
export function parseCommandArgs<T extends Options>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** One of `allowed`, or a UsageError naming them. */
export function oneOf<V extends string>(option: string, value: string | undefined, allowed: readonly V[], fallback: V): V {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as V;
  throw new UsageError(`--${option} must be one of ${allowed.join(", ")} (got '${value}')`);
}
