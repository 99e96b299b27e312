// The optional-component rule: a missing component skips its tests locally with one line naming
// it and its install command, and fails them under CI=true or REQUIRE_ALL_SERVERS=1.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SERVERS } from "../fixes/real-servers";
import {
  absentBySwitch,
  allPackages,
  component,
  COMPONENTS,
  installCommand,
  isAvailable,
  isExecutable,
  missingNote,
  requireAll,
  requires,
  type Skippable,
} from "./requirements";
import { formatSkipSummary } from "./skip-summary";

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A test context whose skip records its note and stops the test, as vitest's does. */
function fakeContext(): Skippable & { notes: string[] } {
  const notes: string[] = [];
  return {
    notes,
    skip: (note?: string): never => {
      notes.push(note ?? "");
      throw new Error("skipped");
    },
  };
}

describe("components", () => {
  it("each has an id, packages and the tests that need it; every real server's needs are components", () => {
    expect(new Set(COMPONENTS.map((each) => each.id)).size).toBe(COMPONENTS.length);
    for (const each of COMPONENTS) {
      expect(each.packages.length, each.id).toBeGreaterThan(0);
      expect(each.neededBy, each.id).not.toBe("");
    }
    const ids = COMPONENTS.map((each) => each.id as string);
    for (const [stack, spec] of Object.entries(SERVERS)) for (const need of spec.needs ?? []) expect(ids, stack).toContain(need);
    expect(allPackages()).toEqual(expect.arrayContaining(["apache2", "caddy", "nginx-light", "python3-flask-cors", "firefox-esr"]));
  });

  it("an executable is a runnable regular file: a missing path, /dev/null bound over a binary or a plain file is absent", () => {
    expect(isExecutable(process.execPath)).toBe(true);
    expect(isExecutable("/nonexistent/usr/sbin/apache2")).toBe(false);
    expect(isExecutable("/dev/null")).toBe(false);
    expect(isExecutable("package.json")).toBe(false);
  });

  it("the install command names the Debian packages", () => {
    expect(installCommand([component("apache2")])).toBe("sudo apt-get install -y apache2");
    expect(installCommand([component("go"), component("rs-cors")])).toBe("sudo apt-get install -y golang-go golang-github-rs-cors-dev");
  });
});

describe("the README and CI name the same components", () => {
  it("the README lists every component and the one apt line that installs them all; .ci/run installs them with npm run setup:servers", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("### Optional components"), readme.indexOf("Notes on `npm ci`"));
    for (const each of COMPONENTS) expect(section, each.id).toContain(`\`${each.id}\``);
    expect(section).toContain(`\n${installCommand(COMPONENTS)}\n`);
    expect(section).toContain("npm run setup:servers");
    const ci = readFileSync(".ci/run", "utf8");
    expect(ci).toMatch(/^npm run setup:servers$/m);
    expect(ci.indexOf("npm run setup:servers")).toBeLessThan(ci.indexOf("npm test"));
  });
});

describe("switches", () => {
  it("CORS_DOCTOR_ABSENT makes the named components absent and refuses names that are no component", () => {
    expect([...absentBySwitch({ CORS_DOCTOR_ABSENT: " apache2,caddy " })]).toEqual(["apache2", "caddy"]);
    expect(absentBySwitch({}).size).toBe(0);
    expect(() => absentBySwitch({ CORS_DOCTOR_ABSENT: "apache" })).toThrow(/names no component apache; known: chromium/);
    vi.stubEnv("CORS_DOCTOR_ABSENT", "caddy");
    expect(isAvailable("caddy")).toBe(false);
  });

  it("CI=true and REQUIRE_ALL_SERVERS=1 require every component; other values do not", () => {
    expect(requireAll({ CI: "true" })).toBe(true);
    expect(requireAll({ REQUIRE_ALL_SERVERS: "1" })).toBe(true);
    expect(requireAll({})).toBe(false);
    expect(requireAll({ CI: "false", REQUIRE_ALL_SERVERS: "0" })).toBe(false);
  });
});

describe("requires", () => {
  it("returns when every component is there", () => {
    vi.stubEnv("CORS_DOCTOR_ABSENT", "");
    const context = fakeContext();
    expect(() => requires(context)).not.toThrow();
    expect(context.notes).toEqual([]);
  });

  it("skips locally with one line naming the component and its install command", () => {
    vi.stubEnv("CI", "");
    vi.stubEnv("REQUIRE_ALL_SERVERS", "");
    vi.stubEnv("CORS_DOCTOR_ABSENT", "apache2,caddy");
    const context = fakeContext();
    expect(() => requires(context, "apache2", "caddy")).toThrow("skipped");
    expect(context.notes).toEqual(["needs apache2 (Apache httpd) and caddy (Caddy), not installed: sudo apt-get install -y apache2 caddy"]);
  });

  it.each([["CI", "true"], ["REQUIRE_ALL_SERVERS", "1"]])("fails instead under %s=%s", (name, value) => {
    vi.stubEnv("CI", "");
    vi.stubEnv(name, value);
    vi.stubEnv("CORS_DOCTOR_ABSENT", "apache2");
    const context = fakeContext();
    expect(() => requires(context, "apache2")).toThrow(/needs apache2 .*sudo apt-get install -y apache2 \(CI=true or REQUIRE_ALL_SERVERS=1/);
    expect(context.notes).toEqual([]);
  });

  it("a required component (Chromium) fails wherever it is missing", () => {
    vi.stubEnv("CI", "");
    vi.stubEnv("REQUIRE_ALL_SERVERS", "");
    vi.stubEnv("CORS_DOCTOR_ABSENT", "chromium");
    const context = fakeContext();
    expect(() => requires(context, "chromium")).toThrow("needs chromium (Chromium), not installed: sudo apt-get install -y chromium");
    expect(context.notes).toEqual([]);
  });

  it("the closing summary groups the skips by what they need, with the commands", () => {
    const note = missingNote([component("apache2")]);
    const lines = formatSkipSummary([
      { test: "a > one", note },
      { test: "a > two", note },
      { test: "b > three", note: missingNote([component("caddy")]) },
    ]);
    expect(lines).toEqual([
      "Skipped 3 tests: optional components are not installed (under CI=true or REQUIRE_ALL_SERVERS=1 these are failures).",
      `    2 × ${note}`,
      "    1 × needs caddy (Caddy), not installed: sudo apt-get install -y caddy",
      "  All of them in one command: npm run setup:servers",
    ]);
    expect(formatSkipSummary([])).toEqual([]);
  });
});

interface Outcome {
  readonly status: number | null;
  readonly output: string;
}

/** Runs the fixture test file in a child vitest with apache2 made absent. */
function runFixture(env: Record<string, string>): Promise<Outcome> {
  const { CI: _ci, REQUIRE_ALL_SERVERS: _all, CORS_DOCTOR_SKIP_LOG: _log, ...inherited } = process.env;
  return new Promise((resolveRun, reject) => {
    const child = spawn(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", "--config", "test/helpers/fixtures/vitest.fixture.config.ts"],
      { env: { ...inherited, NO_COLOR: "1", FORCE_COLOR: "0", CORS_DOCTOR_ABSENT: "apache2", ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (status) => resolveRun({ status, output }));
  });
}

describe("a real vitest run with apache2 absent", () => {
  it("skips the Apache proof locally (exit 0, one line and a summary with the install command) and fails it under CI=true or REQUIRE_ALL_SERVERS=1", async () => {
    const [local, ci, requireAllServers] = await Promise.all([runFixture({}), runFixture({ CI: "true" }), runFixture({ REQUIRE_ALL_SERVERS: "1" })]);
    const line = "needs apache2 (Apache httpd), not installed: sudo apt-get install -y apache2";

    expect(local.status, local.output).toBe(0);
    expect(local.output).toMatch(/Tests\s+1 passed \| 1 skipped \(2\)/);
    expect(local.output).toContain(`↓ skipped test/helpers/fixtures/needs-apache.fixture.ts > apache: the fix proof on a real server: ${line}`);
    expect(local.output).toContain(`Skipped 1 test: optional components are not installed`);
    expect(local.output).toContain(`    1 × ${line}`);

    for (const strict of [ci, requireAllServers]) {
      expect(strict.status, strict.output).toBe(1);
      expect(strict.output).toMatch(/Tests\s+1 failed \| 1 passed \(2\)/);
      expect(strict.output).toContain(`${line} (CI=true or REQUIRE_ALL_SERVERS=1`);
      expect(strict.output).not.toContain("Skipped 1 test");
    }
  }, 60_000);
});
