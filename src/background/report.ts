// Turns stored entries into the public report (docs/report-format.md). The engine is pure and
// deterministic, so diagnoses are computed when asked for, not kept in storage. Fixes are the
// server's, computed from every entry to it by the reader (src/fixes/servers.ts: the panel, its
// export, the demo): the worker sends `DiagnosedEntry`s, which carry no fixes, and this keeps the
// fix library out of the worker's bundle.
import { diagnose } from "../engine/index";
import type { Diagnosis, ObservedPreflight, ObservedRedirect } from "../engine/types";
import { REPORT_FORMAT, REPORT_VERSION, type DiagnosedEntry, type DiagnosedReport, type ReportExchange, type ReportRedirect } from "../shared/report";
import type { StoredEntry } from "./store";

// Entries are immutable once stored, so their report form is computed once.
const cache = new WeakMap<StoredEntry, DiagnosedEntry>();

export function buildReport(entries: readonly StoredEntry[], now: number): DiagnosedReport {
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generatedAt: new Date(now).toISOString(),
    // Requests that turned out not to be CORS at all (a no-cors POST carries Origin too) are left out.
    entries: entries.map(toReportEntry).filter((entry) => entry.diagnosis.verdict !== "not-cors"),
  };
}

export function toReportEntry(entry: StoredEntry): DiagnosedEntry {
  const cached = cache.get(entry);
  if (cached) return cached;
  const built = assemble(entry, diagnose(entry.exchange));
  cache.set(entry, built);
  return built;
}

function assemble(entry: StoredEntry, diagnosis: Diagnosis): DiagnosedEntry {
  const { exchange } = entry;
  const blocked = diagnosis.verdict === "blocked";
  const preflight: ReportExchange | null = exchange.preflight ? reportPreflight(exchange.preflight) : null;
  const response: ReportExchange | null = exchange.response
    ? { url: exchange.response.url, status: exchange.response.status, requestHeaders: exchange.requestHeaders, responseHeaders: exchange.response.headers }
    : null;
  return {
    id: `r${entry.id}`,
    tabId: entry.tabId,
    url: exchange.url,
    finalUrl: exchange.response?.url ?? exchange.redirects.at(-1)?.location ?? exchange.url,
    method: exchange.method,
    initiator: exchange.initiator ?? null,
    documentUrl: exchange.documentUrl ?? null,
    resourceType: exchange.resourceType,
    startedAt: Math.round(entry.startedAt),
    blocked,
    diagnosis: {
      verdict: diagnosis.verdict,
      browser: diagnosis.browser ?? "chromium",
      code: blocked ? (diagnosis.code ?? null) : null,
      failedParameter: blocked ? (diagnosis.failedParameter ?? "") : null,
      stage: diagnosis.stage ?? null,
      title: diagnosis.title,
      explanation: diagnosis.explanation,
      consoleMessage: diagnosis.consoleMessage ?? null,
      firefoxReason: blocked ? (diagnosis.firefoxReason ?? null) : null,
      preflightReasons: diagnosis.preflightReasons,
      checks: diagnosis.checks,
      inferred: diagnosis.inferred,
      advisories: diagnosis.advisories,
      genericFix: diagnosis.genericFix ?? null,
      requirements: blocked ? (diagnosis.requirements ?? null) : null,
    },
    preflight,
    request: { headers: exchange.requestHeaders, sent: exchange.requestHeadersSent },
    redirects: exchange.redirects.map(reportRedirect),
    response,
    error: exchange.error ?? null,
    redacted: exchange.redactedHeaders ?? [],
  };
}

function reportPreflight(preflight: ObservedPreflight): ReportExchange {
  return {
    url: preflight.url,
    status: preflight.response?.status ?? 0,
    requestHeaders: preflight.requestHeaders,
    responseHeaders: preflight.response?.headers ?? [],
    ...(preflight.error ? { error: preflight.error } : {}),
  };
}

function reportRedirect(redirect: ObservedRedirect): ReportRedirect {
  const origin = redirect.requestHeaders?.find((header) => header.name.toLowerCase() === "origin")?.value;
  return {
    url: redirect.url,
    status: redirect.status,
    location: redirect.location,
    responseHeaders: redirect.headers,
    ...(origin !== undefined ? { origin } : {}),
    ...(redirect.preflightAfter ? { preflightAfter: reportPreflight(redirect.preflightAfter) } : {}),
  };
}
