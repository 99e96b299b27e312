// Copy and export: the JSON report format and a Markdown write-up for a bug report.
import { REPORT_FORMAT, REPORT_VERSION, type PolicyFile, type Report, type ReportEntry, type ServerReport } from "../shared/report";
import { preflightCurl, requestCurl } from "./curl";
import { timelineOf } from "./timeline";

export function toReport(entries: readonly ReportEntry[], generatedAt: Date): Report {
  return { format: REPORT_FORMAT, version: REPORT_VERSION, generatedAt: generatedAt.toISOString(), entries };
}

/**
 * The compact report: each server's policy and fixes once (those serving the exported entries),
 * entries without repeated fixes (docs/report-format.md, "Compact form").
 */
export function compactReport(entries: readonly ReportEntry[], servers: readonly ServerReport[], generatedAt: Date): Report {
  const ids = new Set(entries.map((entry) => entry.id));
  return {
    ...toReport(
      entries.map((entry) => (entry.fixes.length === 0 ? entry : { ...entry, fixes: [] })),
      generatedAt,
    ),
    servers: servers.filter((server) => server.entries.some((id) => ids.has(id))),
    fixesPerServer: true,
  };
}

/** JSON of the entries; with `servers`, the compact form (fixes once per server). */
export function reportJson(entries: readonly ReportEntry[], generatedAt: Date, servers?: readonly ServerReport[]): string {
  const report = servers ? compactReport(entries, servers, generatedAt) : toReport(entries, generatedAt);
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The policy file (Export policy in the server view), as `cors-doctor verify` reads it. */
export function policyJson(file: PolicyFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The policy file's name: the one docs/cli.md suggests committing. */
export const POLICY_FILE_NAME = "cors-policy.json";

/** A file name for an export made at `when`, safe on every file system. */
export function exportFileName(when: Date, extension: "json" | "md"): string {
  return `cors-doctor-${when.toISOString().replaceAll(":", "-").replace(/\.\d+Z$/, "Z")}.${extension}`;
}

// Markdown renderers accept inline HTML; captured text is escaped or fenced so it stays text.
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()<>#+!|~&]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_PUNCTUATION, (char) => `\\${char}`).replace(/\r?\n/g, " ");
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

/** Inline code that no backtick in `text` can close early; pipes escaped for tables. */
export function codeSpan(text: string): string {
  const oneLine = text.replace(/\r?\n/g, " ");
  const fence = "`".repeat(longestRun(oneLine, "`") + 1);
  const padded = oneLine.startsWith("`") || oneLine.endsWith("`") ? ` ${oneLine} ` : oneLine;
  return `${fence}${padded}${fence}`;
}

function tableCell(text: string): string {
  return codeSpan(text).replaceAll("|", "\\|");
}

export function codeBlock(text: string, language = ""): string {
  const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  return `${fence}${language.replace(/[^A-Za-z0-9_+-]/g, "")}\n${text}\n${fence}`;
}

export function entryMarkdown(entry: ReportEntry): string {
  const d = entry.diagnosis;
  const lines: string[] = [];
  lines.push(`## ${escapeMarkdown(d.title || (entry.blocked ? "Blocked request" : "Cross-origin request"))}`, "");
  lines.push(`- **Request:** ${codeSpan(`${entry.method} ${entry.url}`)}`);
  if (entry.finalUrl && entry.finalUrl !== entry.url) lines.push(`- **Final URL:** ${codeSpan(entry.finalUrl)}`);
  if (entry.initiator) lines.push(`- **From origin:** ${codeSpan(entry.initiator)}`);
  lines.push(`- **Resource type:** ${codeSpan(entry.resourceType)}`);
  lines.push(`- **Verdict:** ${codeSpan(d.verdict)}`);
  if (d.code) {
    const parameter = d.failedParameter ? ` (failedParameter ${codeSpan(d.failedParameter)})` : "";
    lines.push(`- **Chromium error:** ${codeSpan(d.code)}${parameter}`);
  }
  lines.push(`- **Recorded:** ${new Date(entry.startedAt).toISOString()}`, "");
  if (d.explanation) lines.push("### What happened", "", escapeMarkdown(d.explanation), "");
  if (d.consoleMessage) lines.push("### Console message", "", codeBlock(d.consoleMessage, "text"), "");
  if (d.preflightReasons.length > 0) {
    lines.push("### Why a preflight was sent", "");
    for (const reason of d.preflightReasons) lines.push(`- ${escapeMarkdown(reason.detail)}`);
    lines.push("");
  }
  lines.push("### Timeline", "");
  timelineOf(entry).forEach((step, index) => {
    const status = step.status === null ? "no response" : String(step.status);
    const note = step.note ? ` ${escapeMarkdown(step.note)}` : "";
    lines.push(`${index + 1}. ${step.kind}: ${codeSpan(`${step.method} ${step.url}`)} → ${status}${note}${step.failed ? " **(blocked here)**" : ""}`);
  });
  lines.push("");
  if (d.checks.length > 0) {
    lines.push("### Expected vs received", "", "| Stage | Header | Expected | Received | Result |", "|---|---|---|---|---|");
    for (const check of d.checks) {
      const result = check.failing ? "**FAILS**" : check.ok ? "ok" : "not ok";
      lines.push(
        `| ${check.stage} | ${tableCell(check.header)} | ${tableCell(check.expected)} | ${check.received === null ? "absent" : tableCell(check.received)} | ${result} |`,
      );
    }
    lines.push("");
  }
  if (d.inferred.length > 0) {
    lines.push("### Inferred (not observed directly)", "");
    for (const fact of d.inferred) lines.push(`- ${escapeMarkdown(fact.fact)}: ${codeSpan(fact.value)}. Evidence: ${escapeMarkdown(fact.evidence)}`);
    lines.push("");
  }
  if (d.advisories.length > 0) {
    lines.push("### Advisories", "");
    for (const advisory of d.advisories) lines.push(`- ${escapeMarkdown(advisory.message)}`);
    lines.push("");
  }
  const fix = entry.fixes[0];
  if (fix) {
    lines.push(`### Suggested fix: ${escapeMarkdown(fix.title)}`, "", escapeMarkdown(fix.where), "", codeBlock(fix.snippet, fix.language), "");
    if (fix.why) lines.push(escapeMarkdown(fix.why), "");
  } else if (d.genericFix) {
    lines.push("### Suggested fix", "", escapeMarkdown(d.genericFix), "");
  }
  const preflight = preflightCurl(entry);
  const request = requestCurl(entry);
  lines.push("### Reproduce", "");
  if (preflight) lines.push(codeBlock(preflight.command, "sh"), "");
  lines.push(codeBlock(request.command, "sh"), "");
  return lines.join("\n");
}

export function reportMarkdown(entries: readonly ReportEntry[], generatedAt: Date): string {
  const blocked = entries.filter((e) => e.blocked).length;
  const header = [
    "# CORS Doctor report",
    "",
    `Generated ${generatedAt.toISOString()}: ${entries.length} request${entries.length === 1 ? "" : "s"}, ${blocked} blocked.`,
    "",
  ];
  return [...header, ...entries.map(entryMarkdown)].join("\n");
}
