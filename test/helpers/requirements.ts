// The optional parts of the test suite: browsers, servers and language tools that come from
// Debian packages rather than npm. Each has one check (is it really usable here?), the packages
// that install it, and the tests that need it. A test that needs a missing one is skipped with one
// line naming it and its install command; under CI=true or REQUIRE_ALL_SERVERS=1 it fails instead,
// so CI can never pass by skipping. CORS_DOCTOR_ABSENT=apache2,caddy makes named components count
// as absent, to try the skip path on a machine that has everything.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, statSync } from "node:fs";

export interface Component {
  readonly id: string;
  /** What it is, for people. */
  readonly what: string;
  /** The Debian packages that install it, in one apt line. */
  readonly packages: readonly string[];
  /** The tests that need it. */
  readonly neededBy: string;
  /**
   * Optional components are skipped when missing (locally). A required one (Chromium, which the
   * README's set-up names) is a failure wherever it is missing.
   */
  readonly optional: boolean;
  /** Whether it is installed and usable (a real check, not a guess from one path). */
  readonly installed: () => boolean;
}

/** An executable regular file (a file bind-mounted over with /dev/null, or not executable, is absent). */
export function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile() && statSync(path).size > 0;
  } catch {
    return false;
  }
}

/** Whether a command exits 0 (used to load a library the way the test's server will). */
function runs(command: string, args: readonly string[]): boolean {
  if (!isExecutable(command)) return false;
  const result = spawnSync(command, args, { stdio: "ignore", timeout: 30_000 });
  return result.status === 0;
}

const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/opt/google/chrome/chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** CHROME_PATH, or Chromium or Chrome on the usual paths (never a downloaded browser). */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path));
}

/** Where Debian puts what the tests run. */
export const PATHS = {
  python: "/usr/bin/python3",
  nginx: "/usr/sbin/nginx",
  apache: "/usr/sbin/apache2",
  apacheModules: "/usr/lib/apache2/modules",
  caddy: "/usr/bin/caddy",
  go: "/usr/bin/go",
  gofmt: "/usr/bin/gofmt",
  /** golang-github-rs-cors-dev puts the module's source here. */
  rsCors: "/usr/share/gocode/src/github.com/rs/cors",
  ruby: "/usr/bin/ruby",
  php: "/usr/bin/php",
  javac: "/usr/bin/javac",
  firefox: "/usr/bin/firefox-esr",
} as const;

const python = (code: string): (() => boolean) => () => runs(PATHS.python, ["-c", code]);

const REAL_SERVERS = "the fix proofs on real servers (test/fixes/servers.e2e.test.ts)";
const SYNTAX = (language: string): string => `the ${language} syntax check of the generated fixes (test/fixes/fixes.test.ts)`;

const LIST = [
  {
    id: "chromium",
    what: "Chromium",
    packages: ["chromium"],
    neededBy: "every real-browser test (test/**/*.e2e.test.ts); SKIP_BROWSER_TESTS=1 skips them all",
    optional: false,
    installed: () => findChromium() !== undefined,
  },
  {
    id: "firefox-esr",
    what: "Firefox ESR",
    packages: ["firefox-esr"],
    neededBy: "the real-Firefox tests",
    optional: true,
    installed: () => {
      const fromEnv = process.env.FIREFOX_PATH;
      return fromEnv ? isExecutable(fromEnv) : [PATHS.firefox, "/usr/bin/firefox", "/usr/lib/firefox-esr/firefox-esr"].some(isExecutable);
    },
  },
  {
    id: "nginx",
    what: "nginx",
    packages: ["nginx-light"],
    neededBy: `${REAL_SERVERS}; ${SYNTAX("nginx")}`,
    optional: true,
    installed: () => isExecutable(PATHS.nginx),
  },
  {
    id: "apache2",
    what: "Apache httpd",
    packages: ["apache2"],
    neededBy: `${REAL_SERVERS}; ${SYNTAX("Apache")}`,
    optional: true,
    installed: () => isExecutable(PATHS.apache) && isFile(`${PATHS.apacheModules}/mod_headers.so`),
  },
  {
    id: "caddy",
    what: "Caddy",
    packages: ["caddy"],
    neededBy: `${REAL_SERVERS}; ${SYNTAX("Caddyfile")}`,
    optional: true,
    installed: () => isExecutable(PATHS.caddy),
  },
  {
    id: "python3",
    what: "Debian's Python 3",
    packages: ["python3"],
    neededBy: SYNTAX("Python"),
    optional: true,
    installed: () => isExecutable(PATHS.python),
  },
  {
    id: "flask-cors",
    what: "Flask with flask-cors",
    packages: ["python3-flask-cors"],
    neededBy: REAL_SERVERS,
    optional: true,
    installed: python("from flask import Flask; from flask_cors import CORS"),
  },
  {
    id: "django-cors-headers",
    what: "Django with django-cors-headers",
    packages: ["python3-django-cors-headers"],
    neededBy: REAL_SERVERS,
    optional: true,
    installed: python("import django; from corsheaders.middleware import CorsMiddleware"),
  },
  {
    id: "fastapi",
    what: "FastAPI on uvicorn",
    packages: ["python3-fastapi", "python3-uvicorn"],
    neededBy: REAL_SERVERS,
    optional: true,
    installed: python("from fastapi import FastAPI; from fastapi.middleware.cors import CORSMiddleware; import uvicorn"),
  },
  {
    id: "go",
    what: "Go",
    packages: ["golang-go"],
    neededBy: `${REAL_SERVERS}; ${SYNTAX("Go")} (gofmt)`,
    optional: true,
    installed: () => isExecutable(PATHS.go) && isExecutable(PATHS.gofmt),
  },
  {
    id: "rs-cors",
    what: "Go's rs/cors",
    packages: ["golang-github-rs-cors-dev"],
    neededBy: REAL_SERVERS,
    optional: true,
    installed: () => isFile(`${PATHS.rsCors}/cors.go`),
  },
  {
    id: "ruby",
    what: "Ruby",
    packages: ["ruby"],
    neededBy: SYNTAX("Ruby"),
    optional: true,
    installed: () => isExecutable(PATHS.ruby),
  },
  {
    id: "rack-cors",
    what: "Rack with rack-cors on WEBrick",
    packages: ["ruby-rack", "ruby-rack-cors", "ruby-webrick"],
    neededBy: REAL_SERVERS,
    optional: true,
    installed: () => runs(PATHS.ruby, ["-e", 'require "rack"; require "rack/cors"; require "rack/handler/webrick"; Rack::Cors']),
  },
  {
    id: "php",
    what: "PHP",
    packages: ["php-cli"],
    neededBy: SYNTAX("PHP"),
    optional: true,
    installed: () => isExecutable(PATHS.php),
  },
  {
    id: "javac",
    what: "a Java compiler",
    packages: ["default-jdk-headless"],
    neededBy: SYNTAX("Java (Spring)"),
    optional: true,
    installed: () => isExecutable(PATHS.javac),
  },
] as const satisfies readonly Component[];

export type ComponentId = (typeof LIST)[number]["id"];
export const COMPONENTS: readonly Component[] = LIST;

export function component(id: ComponentId): Component {
  const found = COMPONENTS.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`unknown component ${id}`);
  return found;
}

/** CI=true or REQUIRE_ALL_SERVERS=1: a missing component is a failure, never a skip. */
export function requireAll(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === "true" || env.CI === "1" || env.REQUIRE_ALL_SERVERS === "1";
}

/** The components CORS_DOCTOR_ABSENT names; a name that is no component is an error, not a silent no-op. */
export function absentBySwitch(env: NodeJS.ProcessEnv = process.env): ReadonlySet<string> {
  const names = (env.CORS_DOCTOR_ABSENT ?? "").split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !COMPONENTS.some((candidate) => candidate.id === name));
  if (unknown.length > 0) {
    throw new Error(`CORS_DOCTOR_ABSENT names no component ${unknown.join(", ")}; known: ${COMPONENTS.map((known) => known.id).join(", ")}`);
  }
  return new Set(names);
}

const checked = new Map<string, boolean>();

/** Installed (checked once per process) and not made absent by CORS_DOCTOR_ABSENT. */
export function isAvailable(id: ComponentId): boolean {
  if (absentBySwitch().has(id)) return false;
  let installed = checked.get(id);
  if (installed === undefined) {
    installed = component(id).installed();
    checked.set(id, installed);
  }
  return installed;
}

export function installCommand(components: readonly Component[]): string {
  return `sudo apt-get install -y ${[...new Set(components.flatMap((each) => each.packages))].join(" ")}`;
}

/** Every package of every component: what `npm run setup:servers` and .ci/run install. */
export function allPackages(): string[] {
  return [...new Set(COMPONENTS.flatMap((each) => each.packages))];
}

export const SKIP_PREFIX = "needs ";

/** The one line a skipped test carries: which components are missing and the command that installs them. */
export function missingNote(missing: readonly Component[]): string {
  return `${SKIP_PREFIX}${missing.map((each) => `${each.id} (${each.what})`).join(" and ")}, not installed: ${installCommand(missing)}`;
}

/** The missing ones among the named components. */
export function missingOf(ids: readonly ComponentId[]): Component[] {
  return [...new Set(ids)].filter((id) => !isAvailable(id)).map(component);
}

/** What calling a test's `skip` needs; vitest's TestContext has it. */
export interface Skippable {
  readonly skip: (note?: string) => never;
}

/**
 * At the start of a test (or in a beforeEach): returns when every named component is available.
 * Otherwise skips the test with one line naming them and their install command, or, under CI=true,
 * REQUIRE_ALL_SERVERS=1, or for a required component, fails it with that line.
 */
export function requires(context: Skippable, ...ids: ComponentId[]): void {
  const missing = missingOf(ids);
  if (missing.length === 0) return;
  const note = missingNote(missing);
  if (requireAll()) throw new Error(`${note} (CI=true or REQUIRE_ALL_SERVERS=1: every optional component must be installed; npm run setup:servers installs them all)`);
  if (missing.some((each) => !each.optional)) throw new Error(note);
  context.skip(note);
}
