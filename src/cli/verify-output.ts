// verify's three outputs, each one function of the results: a table per server (text), the JSON
// document (--json), and JUnit XML (--junit <file>, what CI dashboards read). Secrets never
// appear: the results hold header names only, and URLs are redacted.
import { redactUrl } from "../report/redact";
import { paint, type CliIo, type Style } from "./io";
import type { CheckStatus, ServerResult } from "./verify-run";

export const VERIFY_FORMAT = "cors-doctor-verify";
export const VERIFY_VERSION = 1;

export interface Summary {
  readonly checks: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly errors: number;
}

export function summarize(servers: readonly ServerResult[]): Summary {
  const all = servers.flatMap((server) => server.results);
  const count = (status: CheckStatus): number => all.filter((result) => result.status === status).length;
  return { checks: all.length, passed: count("pass"), failed: count("fail"), skipped: count("skip"), errors: count("error") };
}

const MARKS: Record<CheckStatus, [string, Style]> = { pass: ["PASS", "green"], fail: ["FAIL", "red"], skip: ["SKIP", "yellow"], error: ["ERROR", "yellow"] };

export function verifyTable(servers: readonly ServerResult[], io: Pick<CliIo, "color">): string {
  const lines: string[] = [];
  for (const server of servers) {
    const target = server.target === server.origin ? "" : ` (checked at ${server.target})`;
    lines.push(paint(io, "bold", `Server ${server.origin}${target}${server.public ? ", public" : ""}`));
    for (const result of server.results) {
      const [mark, style] = MARKS[result.status];
      lines.push(`  ${paint(io, style, mark.padEnd(5))} ${result.check.kind.padEnd(8)} ${result.check.title}`);
      if (result.status !== "pass") lines.push(`        ${result.detail}`);
    }
    lines.push("");
  }
  const summary = summarize(servers);
  lines.push(`${summary.checks} checks on ${servers.length} server${servers.length === 1 ? "" : "s"}: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped, ${summary.errors} network errors`);
  return lines.join("\n");
}

export function verifyJson(servers: readonly ServerResult[]): string {
  const document = {
    format: VERIFY_FORMAT,
    version: VERIFY_VERSION,
    ok: servers.every((server) => server.results.every((result) => result.status === "pass" || result.status === "skip")),
    summary: summarize(servers),
    servers: servers.map((server) => ({
      origin: server.origin,
      target: server.target,
      public: server.public,
      checks: server.results.map((result) => ({
        id: result.check.id,
        kind: result.check.kind,
        title: result.check.title,
        expect: result.check.expect,
        status: result.status,
        detail: result.detail,
        verdict: result.verdict,
        code: result.code,
        failedParameter: result.failedParameter,
        finding: result.finding ?? null,
        actualWithheld: result.actualWithheld,
        request: {
          method: result.check.request.method ?? "GET",
          url: redactUrl(result.check.request.url),
          origin: result.check.request.pageOrigin,
          headers: (result.check.request.headers ?? []).map((header) => header.name.toLowerCase()),
          credentials: result.check.request.credentials === "include",
        },
      })),
    })),
  };
  return JSON.stringify(document, null, 2);
}

/** XML 1.0 text: the five entities escaped, characters XML cannot hold dropped. */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export function verifyJunit(servers: readonly ServerResult[]): string {
  const total = summarize(servers);
  const suites = servers.map((server) => {
    const summary = summarize([server]);
    const cases = server.results.map((result) => {
      const name = xmlText(`${result.check.kind}: ${result.check.title}`);
      const open = `    <testcase classname="${xmlText(`cors-doctor.verify.${server.origin}`)}" name="${name}">`;
      switch (result.status) {
        case "pass":
          return `${open}</testcase>`;
        case "skip":
          return `${open}\n      <skipped message="${xmlText(result.detail)}"/>\n    </testcase>`;
        case "error":
          return `${open}\n      <error message="${xmlText(result.detail)}" type="network"/>\n    </testcase>`;
        default:
          return `${open}\n      <failure message="${xmlText(result.detail)}" type="${xmlText(result.finding ? "security" : (result.code ?? "cors"))}">${xmlText(result.finding ?? result.detail)}</failure>\n    </testcase>`;
      }
    });
    return [
      `  <testsuite name="${xmlText(server.origin)}" tests="${summary.checks}" failures="${summary.failed}" errors="${summary.errors}" skipped="${summary.skipped}">`,
      ...cases,
      "  </testsuite>",
    ].join("\n");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cors-doctor verify" tests="${total.checks}" failures="${total.failed}" errors="${total.errors}" skipped="${total.skipped}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
