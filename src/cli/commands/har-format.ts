// The text `cors-doctor har` prints: each blocked request (Chromium's code and failedParameter, the
// explanation, what the browser expected next to what the server sent), then each server's policy
// and fix, as the panel's server view shows them. One function of the completed report.
import type { HeaderCheck } from "../../engine/types";
import type { Fix } from "../../fixes/types";
import type { ServerReport } from "../../fixes/servers";
import type { PolicyValue } from "../../fixes/policy";
import type { DiagnosedEntry } from "../../report/types";
import { paint, type CliIo } from "../io";

export interface HarText {
  readonly file: string;
  readonly creator: string;
  readonly entryCount: number;
  readonly entries: readonly DiagnosedEntry[];
  readonly servers: readonly ServerReport[];
  /** Also list the requests that were let through. */
  readonly all: boolean;
  /** The stack whose fix to print (default: the server's first, the layer that owns CORS or the detected one). */
  readonly stack?: string;
}

type Paint = Pick<CliIo, "color">;

export function formatHar(report: HarText, io: Paint): string {
  const blocked = report.entries.filter((entry) => entry.blocked);
  const lines: string[] = [summaryLine(report, blocked.length, io), ""];
  if (report.entries.length === 0) return lines.join("\n");
  for (const entry of report.all ? report.entries : blocked) lines.push(...(entry.blocked ? blockedEntry(entry, io) : passedEntry(entry, io)), "");
  if (blocked.length === 0 && !report.all) lines.push(`Nothing was blocked. ${paint(io, "dim", "(--all lists every request)")}`, "");
  const servers = report.servers.filter((server) => report.all || server.policy.requests.blocked > 0);
  if (servers.length > 0) {
    lines.push(paint(io, "bold", servers.length === 1 ? "The server to change" : "The servers to change"), "");
    for (const server of servers) lines.push(...serverBlock(server, report, io), "");
  }
  return lines.join("\n").replace(/\n+$/, "");
}

function summaryLine(report: HarText, blocked: number, io: Paint): string {
  const judged = report.entries.length;
  const allowed = report.entries.filter((entry) => entry.diagnosis.verdict === "allowed").length;
  const other = judged - blocked - allowed;
  const undecided = other > 0 ? `, ${other} failed otherwise or could not be judged${report.all ? "" : " (--all lists them)"}` : "";
  const counts = `${judged} cross-origin request${judged === 1 ? "" : "s"}: ${paint(io, blocked > 0 ? "red" : "green", `${blocked} blocked`)}, ${allowed} allowed${undecided}`;
  return `${paint(io, "bold", report.file)} (${report.creator || "unknown writer"}, ${report.entryCount} entr${report.entryCount === 1 ? "y" : "ies"}): ${counts}`;
}

function blockedEntry(entry: DiagnosedEntry, io: Paint): string[] {
  const { diagnosis } = entry;
  const code = diagnosis.code ?? "blocked";
  const parameter = diagnosis.failedParameter ? `  failedParameter: ${diagnosis.failedParameter}` : "";
  const lines = [
    `${paint(io, "red", "✕")} ${paint(io, "bold", `${entry.method} ${entry.url}`)}  ${paint(io, "dim", `[${entry.id}]`)}`,
    `  ${paint(io, "red", code)}${parameter}${diagnosis.stage ? paint(io, "dim", `  (at the ${diagnosis.stage})`) : ""}`,
  ];
  if (diagnosis.firefoxReason) lines.push(`  Firefox: ${diagnosis.firefoxReason.key}${diagnosis.firefoxReason.parameter ? ` (${diagnosis.firefoxReason.parameter})` : ""}`);
  lines.push(`  ${diagnosis.title}`, ...wrap(diagnosis.explanation, "  "));
  const checks = diagnosis.checks;
  if (checks.length > 0) lines.push(`  ${paint(io, "bold", "Expected vs received")}`, ...checkRows(checks, io));
  // An unknown mode that changes nothing is left out; one that does comes with an advisory below.
  for (const fact of diagnosis.inferred.filter((each) => each.fact === "credentials-mode" && each.value !== "unknown")) {
    lines.push(...wrap(`Credentials mode: ${fact.value}. ${fact.evidence}`, "  ", paint(io, "dim", "· ")));
  }
  for (const advisory of diagnosis.advisories) lines.push(...wrap(advisory.message, "  ", paint(io, "yellow", "! ")));
  return lines;
}

function passedEntry(entry: DiagnosedEntry, io: Paint): string[] {
  const verdict = entry.diagnosis.verdict;
  const mark = verdict === "allowed" ? paint(io, "green", "✓") : paint(io, "yellow", "?");
  return [`${mark} ${entry.method} ${entry.url}  ${paint(io, "dim", `[${entry.id}] ${verdict === "allowed" ? "allowed" : `${verdict}: ${entry.diagnosis.title}`}`)}`];
}

function checkRows(checks: readonly HeaderCheck[], io: Paint): string[] {
  const width = Math.min(40, Math.max(...checks.map((check) => `${check.stage} ${check.header}`.length)));
  return checks.map((check) => {
    const mark = check.ok ? paint(io, "green", "✓") : paint(io, "red", "✕");
    const received = check.received === null ? paint(io, "dim", "(absent)") : JSON.stringify(clip(check.received));
    return `    ${mark} ${`${check.stage} ${check.header}`.padEnd(width)}  expected ${clip(check.expected)}; received ${received}`;
  });
}

function serverBlock(server: ServerReport, report: HarText, io: Paint): string[] {
  const { policy } = server;
  const total = policy.requests.blocked + policy.requests.allowed;
  const lines = [
    `${paint(io, "bold", server.origin)}  ${total} request${total === 1 ? "" : "s"}: ${policy.requests.blocked} blocked, ${policy.requests.allowed} allowed${
      server.pageOrigins.length > 0 ? `; called from ${server.pageOrigins.join(", ")}` : ""
    }`,
  ];
  if (server.layers) lines.push(...wrap(server.layers.advice, "  ", paint(io, "yellow", "! ")));
  lines.push("  The CORS policy this server needs:");
  lines.push(...policyRows("Origins", policy.origins, "none: no exact page origin was seen"));
  lines.push(...policyRows("Methods", policy.methods, "GET"));
  lines.push(...policyRows("Request headers", policy.requestHeaders, "none needed"));
  lines.push(...policyRows("Exposed headers", policy.exposeHeaders, "none"));
  lines.push(row("Credentials", policy.credentials.value ? "true" : "false", policy.credentials.basis.join("; ")));
  lines.push(row("Vary", policy.vary, "the answer depends on the request's Origin"));
  lines.push(row("Max-Age", String(policy.maxAge), "preflight cache time in seconds"));
  for (const note of [...policy.advisories, ...policy.notes]) lines.push(...wrap(note, "  ", paint(io, "yellow", "! ")));
  const fix = chosenFix(server.fixes, report.stack);
  if (fix) lines.push(...fixBlock(fix, server.fixes, report.stack, io));
  else if (server.fixes.length === 0) lines.push("  Nothing to this server was blocked: no change needed.");
  return lines;
}

function policyRows(label: string, parts: readonly PolicyValue[], empty: string): string[] {
  if (parts.length === 0) return [row(label, `(${empty})`, "")];
  return parts.map((part, index) => row(index === 0 ? label : "", part.value, part.basis.join("; ")));
}

function row(label: string, value: string, basis: string): string {
  return `    ${label.padEnd(16)} ${value}${basis ? `   ← ${basis}` : ""}`;
}

function chosenFix(fixes: readonly Fix[], stack: string | undefined): Fix | undefined {
  return stack === undefined ? fixes[0] : fixes.find((fix) => fix.stack === stack);
}

function fixBlock(fix: Fix, fixes: readonly Fix[], stack: string | undefined, io: Paint): string[] {
  const lines = [`  ${paint(io, "bold", `Fix: ${fix.title}`)} ${paint(io, "dim", `(--stack ${fix.stack})`)}`, ...wrap(fix.where, "  ", "Where: ")];
  lines.push(...fix.snippet.replace(/\s+$/, "").split("\n").map((line) => (line === "" ? "" : `    ${line}`)));
  lines.push(...wrap(fix.why, "  ", "Why: "));
  for (const warning of fix.warnings) lines.push(...wrap(warning, "  ", paint(io, "yellow", "! ")));
  if (stack === undefined && fixes.length > 1) {
    lines.push(paint(io, "dim", `  Other stacks (--stack <id>): ${fixes.slice(1).map((each) => each.stack).join(", ")}`));
  }
  return lines;
}

function clip(text: string, limit = 160): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

/** Words wrapped at 100 columns, each line indented; the first prefixed. */
function wrap(text: string, indent: string, prefix = ""): string[] {
  const width = 100 - indent.length;
  const lines: string[] = [];
  let line = prefix;
  let words = 0;
  for (const word of text.split(/\s+/)) {
    if (word === "") continue;
    if (words > 0 && line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = "  ";
      words = 0;
    }
    line = words === 0 ? line + word : `${line} ${word}`;
    words++;
  }
  if (words > 0) lines.push(indent + line);
  return lines;
}
