// An in-memory CliIo for running `cors-doctor` commands in-process: what they printed, and the
// files they read and wrote.
import type { CliIo } from "../../src/cli/io";

export interface MemoryIo extends CliIo {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly written: Map<string, string>;
  /** Everything printed to stdout, joined. */
  readonly output: () => string;
  readonly errors: () => string;
}

export function memoryIo(options: { color?: boolean; env?: Record<string, string | undefined>; files?: Record<string, string | Uint8Array> } = {}): MemoryIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written = new Map<string, string>();
  const files = options.files ?? {};
  return {
    stdout,
    stderr,
    written,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    color: options.color ?? false,
    env: options.env ?? {},
    readFile: async (path) => {
      const file = files[path];
      if (file === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
      return typeof file === "string" ? new TextEncoder().encode(file) : file;
    },
    writeFile: async (path, text) => {
      written.set(path, text);
    },
    output: () => stdout.join("\n"),
    errors: () => stderr.join("\n"),
  };
}
