// How one observed exchange becomes a report entry (docs/report-format.md): the same assembly for
// the extension's worker, the HAR reader and the command line, so one judge (engine/diagnose.ts)
// and one shape serve them all. Fixes are added later by the reader (src/fixes/servers.ts).
import { diagnose } from "../engine/diagnose";
import type { Diagnosis, ObservedExchange, ObservedPreflight, ObservedRedirect } from "../engine/types";
import { REPORT_FORMAT, REPORT_VERSION, type DiagnosedEntry, type DiagnosedReport, type ReportExchange, type ReportRedirect } from "./types";

/** What the observer knows of an exchange beside what it observed. */
export interface EntryMeta {
  /** Stable id of the logical request within its report. */
  readonly id: string;
  /** The browser tab (NO_TAB, -1, when none or not known). */
  readonly tabId: number;
  /** Epoch milliseconds. */
  readonly startedAt: number;
}

/** The report's entry for one exchange, judged by `diagnose()` unless a diagnosis is passed. */
export function toDiagnosedEntry(exchange: ObservedExchange, meta: EntryMeta, diagnosis: Diagnosis = diagnose(exchange)): DiagnosedEntry {
  const blocked = diagnosis.verdict === "blocked";
  const preflight: ReportExchange | null = exchange.preflight ? reportPreflight(exchange.preflight) : null;
  const response: ReportExchange | null = exchange.response
    ? { url: exchange.response.url, status: exchange.response.status, requestHeaders: exchange.requestHeaders, responseHeaders: exchange.response.headers }
    : null;
  return {
    id: meta.id,
    tabId: meta.tabId,
    url: exchange.url,
    finalUrl: exchange.response?.url ?? exchange.redirects.at(-1)?.location ?? exchange.url,
    method: exchange.method,
    initiator: exchange.initiator ?? null,
    documentUrl: exchange.documentUrl ?? null,
    resourceType: exchange.resourceType,
    startedAt: Math.round(meta.startedAt),
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

/**
 * A report of diagnosed entries. Requests that turned out not to be CORS at all (a no-cors POST
 * carries Origin too) are left out.
 */
export function diagnosedReport(entries: readonly DiagnosedEntry[], now: number): DiagnosedReport {
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generatedAt: new Date(now).toISOString(),
    entries: entries.filter((entry) => entry.diagnosis.verdict !== "not-cors"),
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
