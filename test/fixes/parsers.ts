// Real syntax checks of generated snippets with the tools found on this machine: node, TypeScript,
// Python's ast, nginx -t, apache2 -t, caddy validate, JSON.parse, and where installed javac
// (against stubs of Spring's API), gofmt, ruby -c and php -l. C# has no checker here.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import ts from "typescript";
import { type ComponentId, isAvailable, PATHS } from "../helpers/requirements";

export interface SyntaxResult {
  readonly ok: boolean;
  readonly output: string;
}

function run(command: string, args: readonly string[], input?: string): SyntaxResult {
  const result = spawnSync(command, args, { input, encoding: "utf8", timeout: 30_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error?.message ?? ""}` };
}

function inTempDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "fix-syntax-"));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const PYTHON = PATHS.python;
export const NGINX = PATHS.nginx;
export const APACHE = PATHS.apache;
export const CADDY = PATHS.caddy;
export const APACHE_MODULES = PATHS.apacheModules;
export const JAVAC = PATHS.javac;
export const GOFMT = PATHS.gofmt;
export const GO = PATHS.go;
export const RUBY = PATHS.ruby;
export const PHP = PATHS.php;

// Just enough of Spring's API (same names and parameter types) for javac to check the snippet.
const SPRING_STUBS: Record<string, string> = {
  "org/springframework/context/annotation/Configuration.java":
    "package org.springframework.context.annotation;\npublic @interface Configuration {}\n",
  "org/springframework/web/servlet/config/annotation/CorsRegistry.java":
    "package org.springframework.web.servlet.config.annotation;\npublic class CorsRegistry { public CorsRegistration addMapping(String pathPattern) { return new CorsRegistration(); } }\n",
  "org/springframework/web/servlet/config/annotation/CorsRegistration.java": [
    "package org.springframework.web.servlet.config.annotation;",
    "public class CorsRegistration {",
    "  public CorsRegistration allowedOrigins(String... origins) { return this; }",
    "  public CorsRegistration allowedMethods(String... methods) { return this; }",
    "  public CorsRegistration allowedHeaders(String... headers) { return this; }",
    "  public CorsRegistration exposedHeaders(String... headers) { return this; }",
    "  public CorsRegistration allowCredentials(boolean allowCredentials) { return this; }",
    "  public CorsRegistration maxAge(long maxAge) { return this; }",
    "}",
  ].join("\n"),
  "org/springframework/web/servlet/config/annotation/WebMvcConfigurer.java":
    "package org.springframework.web.servlet.config.annotation;\npublic interface WebMvcConfigurer { default void addCorsMappings(CorsRegistry registry) {} }\n",
};

/** A Go fragment (import + statements) becomes a file gofmt can parse. */
function goFile(snippet: string): string {
  // A whole file (leading comments allowed), or a fragment to wrap.
  if (/^(?:\/\/.*\n)*package /.test(snippet)) return snippet;
  const lines = snippet.split("\n");
  const imports = lines.filter((line) => line.startsWith("import "));
  const body = lines.filter((line) => !line.startsWith("import "));
  return ["package main", ...imports, "func main() {", ...body, "}"].join("\n");
}

export function apacheBaseConfig(root: string, port: number): string {
  const modules = ["mpm_event", "authz_core", "headers", "setenvif", "rewrite", "alias"];
  return [
    `ServerRoot ${JSON.stringify(root)}`,
    ...modules.map((name) => `LoadModule ${name}_module ${APACHE_MODULES}/mod_${name}.so`),
    `Listen 127.0.0.1:${port}`,
    `PidFile ${JSON.stringify(join(root, "httpd.pid"))}`,
    `ErrorLog ${JSON.stringify(join(root, "error.log"))}`,
    "ServerName localhost",
    // Apache refuses to serve as root; its workers run as nobody.
    "User nobody",
    "Group nogroup",
    `DocumentRoot ${JSON.stringify(root)}`,
  ].join("\n");
}

export function nginxConfig(root: string, port: number, serverBody: string): string {
  return [
    "daemon off;",
    "user root;",
    `pid ${JSON.stringify(join(root, "nginx.pid"))};`,
    `error_log ${JSON.stringify(join(root, "error.log"))};`,
    "events { worker_connections 64; }",
    "http {",
    `  access_log off;`,
    `  client_body_temp_path ${JSON.stringify(join(root, "body"))};`,
    `  proxy_temp_path ${JSON.stringify(join(root, "proxy"))};`,
    `  fastcgi_temp_path ${JSON.stringify(join(root, "fastcgi"))};`,
    `  uwsgi_temp_path ${JSON.stringify(join(root, "uwsgi"))};`,
    `  scgi_temp_path ${JSON.stringify(join(root, "scgi"))};`,
    "  server {",
    `    listen 127.0.0.1:${port};`,
    serverBody,
    "  }",
    "}",
  ].join("\n");
}

export function checkSyntax(language: string, snippet: string): SyntaxResult {
  switch (language) {
    case "js":
      return inTempDir((dir) => {
        const file = join(dir, "snippet.mjs");
        writeFileSync(file, snippet);
        return run(process.execPath, ["--check", file]);
      });
    case "cjs":
      return inTempDir((dir) => {
        const file = join(dir, "snippet.cjs");
        writeFileSync(file, snippet);
        return run(process.execPath, ["--check", file]);
      });
    case "ts": {
      const output = ts.transpileModule(snippet, {
        reportDiagnostics: true,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      const messages = (output.diagnostics ?? []).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      return { ok: messages.length === 0, output: messages.join("\n") };
    }
    case "python":
      return run(PYTHON, ["-c", "import ast, sys; ast.parse(sys.stdin.read())"], snippet);
    case "json":
      try {
        JSON.parse(snippet);
        return { ok: true, output: "" };
      } catch (error) {
        return { ok: false, output: String(error) };
      }
    case "nginx":
      return inTempDir((dir) => {
        const file = join(dir, "nginx.conf");
        writeFileSync(file, nginxConfig(dir, 1, snippet.replace(/^/gm, "    ")));
        return run(NGINX, ["-t", "-q", "-p", dir, "-c", file]);
      });
    case "apache":
      return inTempDir((dir) => {
        const file = join(dir, "httpd.conf");
        writeFileSync(file, `${apacheBaseConfig(dir, 1)}\n${snippet}\n`);
        return run(APACHE, ["-t", "-f", file]);
      });
    case "caddy":
      return inTempDir((dir) => {
        const file = join(dir, "Caddyfile");
        writeFileSync(file, `{\n\tadmin off\n\tstorage file_system ${JSON.stringify(dir)}\n}\nhttp://127.0.0.1:1 {\n${snippet}\n\trespond "ok"\n}\n`);
        return run(CADDY, ["validate", "--adapter", "caddyfile", "--config", file]);
      });
    case "java":
      return inTempDir((dir) => {
        const files = Object.entries(SPRING_STUBS).map(([path, source]) => {
          const file = join(dir, path);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, source);
          return file;
        });
        const snippetFile = join(dir, "CorsConfig.java");
        writeFileSync(snippetFile, snippet);
        return run(JAVAC, ["-proc:none", "-d", join(dir, "out"), ...files, snippetFile]);
      });
    case "go":
      return run(GOFMT, ["-e"], goFile(snippet));
    case "ruby":
      return run(RUBY, ["-c"], snippet);
    case "php":
      return run(PHP, ["-l"], snippet);
    default:
      return { ok: false, output: `no syntax checker for ${language}` };
  }
}

/** The optional component whose tool checks a language's syntax (js, ts and json need none). */
export const CHECKERS: Readonly<Record<string, ComponentId>> = {
  python: "python3",
  nginx: "nginx",
  apache: "apache2",
  caddy: "caddy",
  java: "javac",
  go: "go",
  ruby: "ruby",
  php: "php",
};

export function hasChecker(language: string): boolean {
  const checker = CHECKERS[language];
  if (checker) return isAvailable(checker);
  return ["js", "cjs", "ts", "json"].includes(language);
}
