// `cors-doctor har`: run in-process through main() with an in-memory io, and once through the
// built executable. The inputs are file shapes (test/helpers/har-input.ts).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { STACKS } from "../../src/fixes/index";
import { memoryIo } from "../helpers/cli-io";
import { API, entry, har, PAGE } from "../helpers/har-input";

const stopped = [
  entry({ method: "PUT", url: `${API}/items`, status: 0, request: { "Content-Type": "application/json" }, error: "net::ERR_FAILED", resourceType: "fetch", at: 0 }),
  entry({
    method: "OPTIONS",
    url: `${API}/items`,
    status: 204,
    request: { Origin: PAGE, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" },
    response: { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": "content-type" },
    error: null,
    resourceType: "preflight",
    at: 1,
  }),
];
const allowed = entry({ url: `${API}/ok`, request: { Origin: PAGE }, response: { "Access-Control-Allow-Origin": PAGE }, resourceType: "fetch", at: 3 });
const blockedFile = JSON.stringify(har([...stopped, allowed]));
const cleanFile = JSON.stringify(har([allowed]));

async function run(args: string[], files: Record<string, string> = {}, color = false) {
  const io = memoryIo({ files, color });
  const code = await main(args, io);
  return { code, out: io.output(), err: io.errors() };
}

describe("cors-doctor har", () => {
  it("prints each blocked request (code, failedParameter, expected vs received) and the server's policy and fix; exit 1", async () => {
    const { code, out, err } = await run(["har", "t.har"], { "t.har": blockedFile });
    expect(code).toBe(1);
    expect(out).toMatch(/^t\.har \(WebInspector 537\.36, 3 entries\): 2 cross-origin requests: 1 blocked/);
    expect(out).toMatch(/✕ PUT http:\/\/localhost:5200\/items {2}\[h0\]\n {2}MethodDisallowedByPreflightResponse {2}failedParameter: PUT {2}\(at the preflight\)/);
    expect(out).toMatch(/Expected vs received\n[\s\S]*✕ preflight Access-Control-Allow-Methods +expected a list containing PUT \(or \*\); received "GET, POST"/);
    expect(out).toMatch(/The server to change\n\nhttp:\/\/localhost:5200 {2}2 requests: 1 blocked, 1 allowed; called from http:\/\/127\.0\.0\.1:5100/);
    expect(out).toMatch(/Methods +PUT +← PUT \/items \(blocked\)/);
    expect(out).toMatch(/Fix: .* \(--stack express\)/);
    expect(out).not.toContain("GET http://localhost:5200/ok");
    expect(out).not.toContain("\u001b[");
    expect(err).toMatch(/^note: No Cookie, Set-Cookie or Authorization header is in the file/);
  });

  it("--all lists the requests let through; exit 0 when nothing was blocked", async () => {
    const all = await run(["har", "t.har", "--all"], { "t.har": blockedFile });
    expect(all.out).toMatch(/✓ GET http:\/\/localhost:5200\/ok {2}\[h2\] allowed/);
    const clean = await run(["har", "c.har"], { "c.har": cleanFile });
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/0 blocked[\s\S]*Nothing was blocked/);
    expect(clean.out).not.toMatch(/The server to change/);
  });

  it("--stack picks the fix's stack; an unknown stack is a usage error naming the ids", async () => {
    const nginx = await run(["har", "t.har", "--stack", "nginx"], { "t.har": blockedFile });
    expect(nginx.out).toMatch(/Fix: nginx.*\(--stack nginx\)[\s\S]*add_header/);
    expect(nginx.out).not.toMatch(/Other stacks/);
    const bad = await run(["har", "t.har", "--stack", "cobol"], { "t.har": blockedFile });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--stack must be one of express, .*gcs \(got 'cobol'\)/);
  });

  it("--json prints the report format, compact (each server's fixes once), with the file's notices", async () => {
    const { code, out } = await run(["har", "t.har", "--json"], { "t.har": blockedFile });
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ format: "cors-doctor-report", version: 1, fixesPerServer: true, source: { kind: "har", file: "t.har", creator: "WebInspector 537.36", flavor: "chromium", entryCount: 3 } });
    expect(report.entries.map((each: { id: string; blocked: boolean; fixes: unknown[] }) => [each.id, each.blocked, each.fixes.length])).toEqual([
      ["h0", true, 0],
      ["h2", false, 0],
    ]);
    expect(report.entries[0].diagnosis).toMatchObject({ code: "MethodDisallowedByPreflightResponse", failedParameter: "PUT" });
    expect(report.servers).toHaveLength(1);
    expect(report.servers[0].fixes).toHaveLength(STACKS.length);
    expect(report.source.notices.map((notice: { id: string }) => notice.id)).toEqual(["sanitized"]);
    const one = JSON.parse((await run(["har", "t.har", "--json", "--stack", "caddy"], { "t.har": blockedFile })).out);
    expect(one.servers[0].fixes.map((fix: { stack: string }) => fix.stack)).toEqual(["caddy"]);
  });

  it("--credentials states the mode; another value is a usage error", async () => {
    const include = JSON.parse((await run(["har", "t.har", "--json", "--credentials", "include"], { "t.har": blockedFile })).out);
    expect(include.entries[0].diagnosis.code).toBe("PreflightInvalidAllowCredentials");
    const bad = await run(["har", "t.har", "--credentials", "sometimes"], { "t.har": blockedFile });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--credentials must be one of auto, include, omit/);
  });

  it.each([
    ["a missing file", {}, /^error: cannot read t\.har: no such file$/],
    ["a file that is not JSON", { "t.har": "<html>" }, /^error: t\.har: The file is not JSON/],
    ["a truncated file", { "t.har": blockedFile.slice(0, 300) }, /^error: t\.har: The file is truncated/],
    ["a JSON file that is not a HAR", { "t.har": "[]" }, /^error: t\.har: The file is a JSON array, not a HAR/],
  ])("exits 2 on %s, with the reason on stderr and nothing on stdout", async (_what, files, message) => {
    const { code, out, err } = await run(["har", "t.har"], files);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
  });

  it("needs exactly one file", async () => {
    expect((await run(["har"])).err).toMatch(/a HAR file is required/);
    expect((await run(["har", "a.har", "b.har"])).code).toBe(2);
  });

  it("colours through paint only when colour is on", async () => {
    const { out } = await run(["har", "t.har"], { "t.har": blockedFile }, true);
    expect(out).toContain("\u001b[31mMethodDisallowedByPreflightResponse\u001b[39m");
  });

  it("has a help with examples, and is listed in the program's help", async () => {
    const help = await run(["har", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: cors-doctor har <file\.har>[\s\S]*Examples:\n {2}cors-doctor har support-ticket\.har/);
    expect((await run(["--help"])).out).toMatch(/har +diagnose the cross-origin requests of a HAR file/);
  });

  it.each([
    ["chromium-full.har", "WebInspector 537.36", 1, /✕ GET .*missing-acao.*\n {2}MissingAllowOriginHeader/],
    ["chromium-sanitized.har", "WebInspector 537.36", 1, /PreflightMissingAllowOriginHeader/],
    ["firefox.har", "Firefox 153", 1, /Firefox: CORSMissingAllowOrigin/],
    // Playwright keeps no header of a failed request: nothing it recorded can be called blocked.
    ["playwright.har", "Playwright", 0, /\? GET .*redirect-tainted-origin.* unknown: Cannot tell/],
  ])("reads the browsers' own export %s (--all): its exit code, the file's notices on stderr, every server's policy", async (name, creator, exit, line) => {
    const path = `test/fixtures/har/${name}`;
    const { code, out, err } = await run(["har", path, "--all"], { [path]: readFileSync(path, "utf8") });
    expect(code).toBe(exit);
    expect(out.split("\n")[0]).toContain(`(${creator}`);
    expect(out).toMatch(line);
    expect(out).toMatch(/The servers? to change[\s\S]*The CORS policy this server needs/);
    expect(err === "" || /^(note|warning): /.test(err)).toBe(true);
    expect(out + err).not.toContain("LAB-SECRET");
  });

  it("works as the built executable: exit codes and output", () => {
    // Built afresh when missing or older than this command (the bin is built at install time).
    const built = existsSync("dist-cli/cors-doctor.mjs") && readFileSync("dist-cli/cors-doctor.mjs", "utf8").includes("Usage: cors-doctor har <file.har>");
    if (!built) spawnSync("npm", ["run", "--silent", "build:cli"], { stdio: "ignore" });
    const dir = mkdtempSync(join(tmpdir(), "cors-doctor-har-"));
    try {
      writeFileSync(join(dir, "t.har"), blockedFile);
      writeFileSync(join(dir, "bad.har"), "{\"log\":");
      const env = { ...process.env, NO_COLOR: "1" };
      const blocked = spawnSync(process.execPath, ["dist-cli/cors-doctor.mjs", "har", join(dir, "t.har")], { encoding: "utf8", env });
      expect(blocked.status).toBe(1);
      expect(blocked.stdout).toMatch(/MethodDisallowedByPreflightResponse {2}failedParameter: PUT/);
      const bad = spawnSync(process.execPath, ["dist-cli/cors-doctor.mjs", "har", join(dir, "bad.har")], { encoding: "utf8", env });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/truncated/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
