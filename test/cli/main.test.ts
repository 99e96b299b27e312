// The shell of `cors-doctor`: help, version, unknown commands, and how errors become exit codes.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError, UsageError, parseCommandArgs, type Command } from "../../src/cli/command";
import { colorEnabled, paint } from "../../src/cli/io";
import { main, VERSION } from "../../src/cli/main";
import packageJson from "../../package.json";
import { memoryIo } from "../helpers/cli-io";

const command = (run: Command["run"]): Command => ({ name: "try", summary: "a command for the test", help: "Usage: cors-doctor try", run });

describe("cors-doctor's shell", () => {
  it("prints the program's help on --help (exit 0) and on no arguments (stderr, exit 2)", async () => {
    const io = memoryIo();
    expect(await main(["--help"], io, [command(async () => 0)])).toBe(0);
    expect(io.output()).toMatch(/Usage: cors-doctor <command>[\s\S]*try {2}a command for the test/);
    const bare = memoryIo();
    expect(await main([], bare, [command(async () => 0)])).toBe(2);
    expect(bare.output()).toBe("");
    expect(bare.errors()).toMatch(/Usage: cors-doctor/);
  });

  it("prints a command's help, and never runs it, on --help", async () => {
    let ran = false;
    const io = memoryIo();
    expect(await main(["try", "--help"], io, [command(async () => ((ran = true), 1))])).toBe(0);
    expect(ran).toBe(false);
    expect(io.output()).toBe("Usage: cors-doctor try");
  });

  it("refuses an unknown command with exit 2, naming the known ones", async () => {
    const io = memoryIo();
    expect(await main(["hra"], io, [command(async () => 0)])).toBe(2);
    expect(io.errors()).toMatch(/unknown command 'hra'.*try/);
  });

  it("says the package's version", async () => {
    const io = memoryIo();
    expect(await main(["--version"], io, [])).toBe(0);
    expect(io.output()).toBe(packageJson.version);
    expect(VERSION).toBe(packageJson.version);
  });

  it("passes the command's own exit code through", async () => {
    expect(await main(["try"], memoryIo(), [command(async () => 1)])).toBe(1);
    expect(await main(["try"], memoryIo(), [command(async () => 0)])).toBe(0);
  });

  it.each([
    ["a usage error", new UsageError("--origin is required"), /error: --origin is required\nSee cors-doctor try --help/],
    ["an input error", new InputError("report.har is not JSON"), /^error: report.har is not JSON$/],
    ["a bug", new TypeError("x is undefined"), /internal error in cors-doctor try: TypeError: x is undefined/],
  ])("turns %s into exit 2 and a message on stderr", async (_what, error, message) => {
    const io = memoryIo();
    expect(await main(["try"], io, [command(async () => Promise.reject(error))])).toBe(2);
    expect(io.errors()).toMatch(message);
    expect(io.output()).toBe("");
  });

  it("parses with node:util parseArgs, strictly: an unknown option is a usage error", () => {
    expect(parseCommandArgs(["a.har", "--json"], { json: { type: "boolean" } }).values.json).toBe(true);
    expect(() => parseCommandArgs(["--jsn"], { json: { type: "boolean" } })).toThrow(UsageError);
  });

  it("colours only on a terminal, never with NO_COLOR, and when FORCE_COLOR asks", () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: "" })).toBe(true);
    expect(colorEnabled(false, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorEnabled(true, { TERM: "dumb" })).toBe(false);
    expect(paint({ color: false }, "red", "x")).toBe("x");
    expect(paint({ color: true }, "red", "x")).toBe("\u001b[31mx\u001b[39m");
  });

  it("stops quietly when the reader closes the pipe early (| head), never an uncaught EPIPE", async () => {
    if (!existsSync("dist-cli/cors-doctor.mjs")) spawnSync("npm", ["run", "--silent", "build:cli"], { stdio: "ignore" });
    const child = spawn(process.execPath, ["dist-cli/cors-doctor.mjs", "har", "test/fixtures/har/chromium-full.har", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -c 1`: read the first chunk, then close the pipe.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", (exit) => resolve(exit)));
    // No crash: an uncaught EPIPE would print its stack here (and exit 1 too, so the code alone
    // cannot tell). The code is the one reached when the pipe closed: 0 while the report was being
    // written, or the command's own 1 (a request was blocked) once it had returned.
    expect(stderr).not.toMatch(/EPIPE|Unhandled|Error/);
    expect([0, 1]).toContain(code);
  });

  it("is an executable once built: dist-cli/cors-doctor.mjs answers --version with exit 0", () => {
    if (!existsSync("dist-cli/cors-doctor.mjs")) spawnSync("npm", ["run", "--silent", "build:cli"], { stdio: "ignore" });
    const result = spawnSync(process.execPath, ["dist-cli/cors-doctor.mjs", "--version"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const unknown = spawnSync(process.execPath, ["dist-cli/cors-doctor.mjs", "nope"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command 'nope'/);
  });
});
