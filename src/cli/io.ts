// The command line's contact with the world, passed to every command so that tests run them
// in-process: results go to stdout, progress and logs to stderr, colour only on a terminal and
// never with NO_COLOR (https://no-color.org).
import { readFile, writeFile } from "node:fs/promises";

export interface CliIo {
  /** Results: the report, the table, the JSON. */
  out(text: string): void;
  /** Progress, warnings and errors. */
  err(text: string): void;
  /** Whether stdout may carry ANSI colours. */
  readonly color: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, text: string): Promise<void>;
}

/** Colour on a terminal unless NO_COLOR is set (to anything but ""); FORCE_COLOR turns it on. */
export function colorEnabled(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return isTTY && env.TERM !== "dumb";
}

export function nodeIo(): CliIo {
  return {
    // The text and its line end written apart: a report can be tens of megabytes, not worth a copy.
    out: (text) => {
      process.stdout.write(text);
      if (!text.endsWith("\n")) process.stdout.write("\n");
    },
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    color: colorEnabled(process.stdout.isTTY === true, process.env),
    env: process.env,
    readFile: (path) => readFile(path),
    writeFile: (path, text) => writeFile(path, text, "utf8"),
  };
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;

/** `text` in `style` when colour is on; unchanged otherwise. */
export function paint(io: Pick<CliIo, "color">, style: Style, text: string): string {
  if (!io.color) return text;
  const [on, off] = CODES[style];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}
