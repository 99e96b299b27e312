// The hops of one logical request in the order they happened: preflight, redirects, actual.
import type { ReportEntry } from "../shared/report";

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

export function timelineOf(entry: ReportEntry): TimelineStep[] {
  const steps: TimelineStep[] = [];
  const stage = entry.diagnosis.stage;
  if (entry.preflight) {
    const status = entry.preflight.status > 0 ? entry.preflight.status : null;
    steps.push({
      kind: "preflight",
      method: "OPTIONS",
      url: entry.preflight.url,
      status,
      note: entry.preflight.error ?? null,
      failed: entry.blocked && stage === "preflight",
    });
  }
  entry.redirects.forEach((redirect, index) => {
    steps.push({
      kind: "redirect",
      method: entry.method,
      url: redirect.url,
      status: redirect.status,
      note: `→ ${redirect.location}`,
      failed: entry.blocked && stage === "redirect" && index === entry.redirects.length - 1,
    });
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
