// The hops of one logical request in the order they happened: preflight, redirects, actual.
import type { DiagnosedEntry, ReportExchange } from "../shared/report";

export interface TimelineStep {
  readonly kind: "preflight" | "redirect" | "request";
  readonly method: string;
  readonly url: string;
  /** HTTP status, or null when no response arrived. */
  readonly status: number | null;
  /** What happened instead of, or after, the status: "not sent", a net error, the redirect target. */
  readonly note: string | null;
  /** True on the hop where the browser stopped the request. */
  readonly failed: boolean;
}

export function timelineOf(entry: DiagnosedEntry): TimelineStep[] {
  const steps: TimelineStep[] = [];
  const stage = entry.diagnosis.stage;
  // A preflight can follow each redirect; when the preflight stage failed, it is the last one sent.
  const preflights = [entry.preflight, ...entry.redirects.map((redirect) => redirect.preflightAfter ?? null)];
  const failedPreflight = entry.blocked && stage === "preflight" ? preflights.filter((p) => p !== null).at(-1) : undefined;
  const preflightStep = (preflight: ReportExchange): TimelineStep => ({
    kind: "preflight",
    method: "OPTIONS",
    url: preflight.url,
    status: preflight.status > 0 ? preflight.status : null,
    note: preflight.error ?? null,
    failed: preflight === failedPreflight,
  });
  if (entry.preflight) steps.push(preflightStep(entry.preflight));
  entry.redirects.forEach((redirect, index) => {
    steps.push({
      kind: "redirect",
      method: entry.method,
      url: redirect.url,
      status: redirect.status,
      note: `${redirect.origin === "null" ? "sent with Origin: null, " : ""}→ ${redirect.location}`,
      failed: entry.blocked && stage === "redirect" && index === entry.redirects.length - 1,
    });
    if (redirect.preflightAfter) steps.push(preflightStep(redirect.preflightAfter));
  });
  const response = entry.response;
  const sent = entry.request.sent;
  steps.push({
    kind: "request",
    method: entry.method,
    url: response?.url ?? entry.finalUrl ?? entry.url,
    status: sent && response && response.status > 0 ? response.status : null,
    note: !sent ? "not sent: the browser stopped at the preflight" : (response?.error ?? entry.error ?? null),
    failed: entry.blocked && (stage === "response" || stage === null) && sent,
  });
  return steps;
}
