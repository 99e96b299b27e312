// probe's text output: what was sent, the verdict in Chromium's words, expected vs received per
// header, inferred facts, and the fix for the detected (or named) stack. One function of the
// result; colour only through io.ts.
import type { ReportEntry } from "../report/types";
import { paint, type CliIo } from "./io";
import type { ProbeOutcome } from "./probe-run";

/** Long values (a hostile header of 100 KB) are cut for the terminal; --json keeps them whole. */
function cut(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function verdictLine(outcome: ProbeOutcome, io: CliIo): string {
  const { diagnosis } = outcome;
  if (outcome.networkError !== undefined || diagnosis.verdict === "unrelated-failure") {
    return `${paint(io, "yellow", "FAILED, NOT CORS")}  ${outcome.networkError ?? outcome.exchange.error ?? ""}: ${diagnosis.title}`;
  }
  if (diagnosis.verdict === "blocked") {
    const parameter = diagnosis.failedParameter ? `  failedParameter: ${cut(JSON.stringify(diagnosis.failedParameter), 100)}` : "";
    return `${paint(io, "red", "BLOCKED")}  ${diagnosis.code ?? ""}${parameter}\n${diagnosis.title}`;
  }
  if (outcome.actual === "withheld") return `${paint(io, "yellow", outcome.sent.length > 0 ? "PREFLIGHT ALLOWED" : "NOT SENT")}  ${diagnosis.title}`;
  if (diagnosis.verdict === "allowed") return `${paint(io, "green", "ALLOWED")}  ${diagnosis.title}`;
  return `${paint(io, "yellow", diagnosis.verdict.toUpperCase())}  ${diagnosis.title}`;
}

function sentLines(outcome: ProbeOutcome): string[] {
  return outcome.sent.map((sent) => `  ${sent.kind === "preflight" ? "preflight " : "request   "}${sent.method} ${cut(sent.url, 120)} → ${sent.status ?? "no answer"}`);
}

function checkLines(entry: ReportEntry, io: CliIo): string[] {
  const checks = entry.diagnosis.checks;
  if (checks.length === 0) return [];
  const width = Math.min(36, Math.max(...checks.map((check) => check.header.length)));
  return [
    "",
    paint(io, "bold", "Expected vs received:"),
    ...checks.map((check) => {
      const mark = check.ok ? paint(io, "green", "ok ") : paint(io, "red", check.failing ? "✗ ←" : "✗  ");
      const received = check.received === null ? "(absent)" : cut(JSON.stringify(check.received), 100);
      return `  ${mark} ${check.stage.padEnd(9)} ${check.header.padEnd(width)}  expected ${cut(check.expected, 100)}; received ${received}`;
    }),
  ];
}

function factLines(entry: ReportEntry, io: CliIo): string[] {
  const { inferred, advisories, preflightReasons } = entry.diagnosis;
  const lines: string[] = [];
  if (preflightReasons.length > 0) lines.push("", paint(io, "bold", "Why a preflight:"), ...preflightReasons.map((reason) => `  - ${cut(reason.detail, 200)}`));
  if (inferred.length > 0) lines.push("", paint(io, "bold", "Inferred:"), ...inferred.map((fact) => `  - ${fact.fact}: ${fact.value} (${cut(fact.evidence, 200)})`));
  if (advisories.length > 0) lines.push("", paint(io, "bold", "Advisories:"), ...advisories.map((advisory) => `  - ${advisory.message}`));
  return lines;
}

function fixLines(entry: ReportEntry, io: CliIo, stack: string | undefined): string[] {
  if (entry.fixes.length === 0) return entry.diagnosis.genericFix ? ["", paint(io, "bold", "Fix:"), entry.diagnosis.genericFix] : [];
  const fix = (stack !== undefined ? entry.fixes.find((each) => each.stack === stack) : undefined) ?? entry.fixes[0]!;
  const detected = entry.detectedStacks.some((detection) => detection.stack === fix.stack) ? ", detected" : stack === fix.stack ? ", as asked" : "";
  const others = entry.fixes.filter((each) => each !== fix).map((each) => each.stack);
  return [
    "",
    paint(io, "bold", `Fix (${fix.title}${detected}): ${fix.where}`),
    fix.snippet,
    ...(fix.warnings.length > 0 ? ["", ...fix.warnings.map((warning) => `  ! ${warning}`)] : []),
    ...(others.length > 0 ? ["", paint(io, "dim", `Other stacks: --stack ${others.join(" | ")}`)] : []),
  ];
}

export function formatProbe(outcome: ProbeOutcome, entry: ReportEntry, io: CliIo, stack?: string): string {
  const { plan, diagnosis } = outcome;
  const lines = [
    `${plan.method} ${cut(entry.url, 120)} from ${plan.pageOrigin} (credentials: ${plan.credentials})`,
    ...sentLines(outcome),
    "",
    verdictLine(outcome, io),
  ];
  if (diagnosis.consoleMessage) lines.push("", paint(io, "dim", "Chromium's console:"), cut(diagnosis.consoleMessage, 1200));
  lines.push("", diagnosis.explanation);
  if (outcome.actual === "withheld") {
    lines.push("", `The actual ${plan.method} was not sent (its method is not safe): its response was not checked. Add --send-actual to send it.`);
  }
  lines.push(...checkLines(entry, io), ...factLines(entry, io), ...fixLines(entry, io, stack));
  return lines.join("\n");
}
