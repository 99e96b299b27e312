// Chromium's own verdict per lab case, read over a CDP session on the page: every request whose
// URL carries `?case=<id>` is attributed to that case, preflights included. Observed in Chromium 156:
// a failing preflight itself ends in loadingFinished, and the actual request's loadingFailed carries
// the CorsErrorStatus (Preflight* codes included).
import type { BrowserContext, CDPSession, Page } from "playwright-core";

export interface ChromiumVerdict {
  /** Chromium reported a CorsErrorStatus for the case's request or its preflight. */
  readonly blocked: boolean;
  /** A request of the case failed (CORS or not). */
  readonly failed: boolean;
  readonly code: string | null;
  readonly failedParameter: string | null;
  readonly errorText: string | null;
  readonly blockedReason: string | null;
  /** Requests of the case other than preflights (a redirect chain counts once). */
  readonly requests: number;
  readonly preflights: number;
}

type RequestState = "pending" | "finished" | "failed";

export interface ObservedRequest {
  readonly requestId: string;
  readonly caseId: string;
  url: string;
  readonly isPreflight: boolean;
  state: RequestState;
  corsError?: string;
  failedParameter?: string;
  errorText?: string;
  blockedReason?: string;
  status?: number;
  /** From an Audits CorsIssue (not a warning) about this request. */
  issueCorsError?: string;
  issueFailedParameter?: string;
}

export interface SettleOptions {
  /** How many non-preflight requests each case makes (default 1). */
  readonly requestsPerCase?: (caseId: string) => number;
  readonly timeoutMs?: number;
}

/** Reads the lab's case id from a request URL; undefined for other requests. */
export function caseIdOf(url: string, parameter = "case"): string | undefined {
  try {
    return new URL(url).searchParams.get(parameter) ?? undefined;
  } catch {
    return undefined;
  }
}

export class GroundTruth {
  private readonly byRequestId = new Map<string, ObservedRequest>();
  private readonly byCase = new Map<string, ObservedRequest[]>();
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly session: CDPSession) {}

  /** Starts recording on `page`. Attach before the page makes the requests. */
  static async attach(context: BrowserContext, page: Page): Promise<GroundTruth> {
    const session = await context.newCDPSession(page);
    const truth = new GroundTruth(session);
    session.on("Network.requestWillBeSent", (event) => {
      const known = truth.byRequestId.get(event.requestId);
      if (known) {
        // A redirect keeps the requestId: same logical request, next hop.
        known.url = event.request.url;
        if (event.redirectResponse) known.status = event.redirectResponse.status;
        return;
      }
      const caseId = caseIdOf(event.request.url);
      if (caseId === undefined) return;
      const record: ObservedRequest = {
        requestId: event.requestId,
        caseId,
        url: event.request.url,
        // Chromium 156 reports preflights with type "Other" and an initiator of type "preflight"
        // naming the actual request; older releases used type "Preflight".
        isPreflight: event.type === "Preflight" || event.initiator.type === "preflight",
        state: "pending",
      };
      truth.byRequestId.set(event.requestId, record);
      truth.byCase.set(caseId, [...(truth.byCase.get(caseId) ?? []), record]);
      truth.changed();
    });
    session.on("Network.responseReceived", (event) => {
      const record = truth.byRequestId.get(event.requestId);
      if (record) record.status = event.response.status;
    });
    session.on("Network.loadingFinished", (event) => {
      const record = truth.byRequestId.get(event.requestId);
      if (!record) return;
      record.state = "finished";
      truth.changed();
    });
    session.on("Network.loadingFailed", (event) => {
      const record = truth.byRequestId.get(event.requestId);
      if (!record) return;
      record.state = "failed";
      record.errorText = event.errorText;
      if (event.blockedReason) record.blockedReason = event.blockedReason;
      if (event.corsErrorStatus) {
        record.corsError = event.corsErrorStatus.corsError;
        record.failedParameter = event.corsErrorStatus.failedParameter;
      }
      truth.changed();
    });
    // DevTools issues carry the same CorsErrorStatus. In Chromium 156 a fetch refused by Local
    // Network Access gets its CorsIssue before its Network.loadingFailed (which comes after the
    // page has already seen the failure), so the issue is kept as a second source.
    session.on("Audits.issueAdded", (event) => {
      const details = event.issue.details.corsIssueDetails;
      const requestId = details?.request.requestId;
      const record = requestId === undefined ? undefined : truth.byRequestId.get(requestId);
      if (!details || !record || details.isWarning) return;
      record.issueCorsError = details.corsErrorStatus.corsError;
      record.issueFailedParameter = details.corsErrorStatus.failedParameter;
      truth.changed();
    });
    await session.send("Network.enable");
    await session.send("Audits.enable");
    return truth;
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  requestsOf(caseId: string): readonly ObservedRequest[] {
    return this.byCase.get(caseId) ?? [];
  }

  /** True once the case made `expected` requests and each of them has ended. */
  settled(caseId: string, expected = 1): boolean {
    const actual = this.requestsOf(caseId).filter((record) => !record.isPreflight);
    return actual.length >= expected && actual.every((record) => record.state !== "pending");
  }

  /** Resolves when every case has settled; rejects after `timeoutMs` naming the ones that did not. */
  waitForSettled(caseIds: readonly string[], options: SettleOptions = {}): Promise<void> {
    const expected = options.requestsPerCase ?? (() => 1);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const unsettled = (): string[] => caseIds.filter((id) => !this.settled(id, expected(id)));
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (unsettled().length > 0) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`Chromium did not settle within ${timeoutMs} ms: ${unsettled().join(", ")}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Chromium's verdict on a case; undefined when no request of it was seen. */
  verdictFor(caseId: string): ChromiumVerdict | undefined {
    const records = this.requestsOf(caseId);
    if (records.length === 0) return undefined;
    const actual = records.filter((record) => !record.isPreflight);
    const preflights = records.filter((record) => record.isPreflight);
    // The actual request usually carries the error; a failed preflight's own record is the fallback.
    const withCors =
      actual.find((record) => record.corsError !== undefined) ??
      preflights.find((record) => record.corsError !== undefined);
    const withIssue = actual.find((record) => record.issueCorsError !== undefined);
    // Observed in Chromium 156: with fetch's redirect mode 'manual', the page gets its opaque
    // redirect, and CDP reports the 3xx as a redirect (requestWillBeSent with redirectResponse)
    // followed by loadingFailed net::ERR_ABORTED: the browser stopped on purpose, nothing failed.
    const stoppedAtManualRedirect = (record: ObservedRequest): boolean =>
      record.errorText === "net::ERR_ABORTED" && record.status !== undefined && record.status >= 300 && record.status < 400;
    const failedRecord = withCors ?? withIssue ?? actual.find((record) => record.state === "failed" && !stoppedAtManualRedirect(record));
    return {
      blocked: withCors !== undefined || withIssue !== undefined,
      failed: failedRecord !== undefined,
      code: withCors?.corsError ?? withIssue?.issueCorsError ?? null,
      failedParameter: withCors?.failedParameter ?? withIssue?.issueFailedParameter ?? null,
      errorText: failedRecord?.errorText ?? null,
      blockedReason: failedRecord?.blockedReason ?? null,
      requests: actual.length,
      preflights: preflights.length,
    };
  }

  /** Per-request tally of a case that was requested many times (replay). */
  tally(caseId: string): { readonly requests: number; readonly blocked: number; readonly allowed: number } {
    const actual = this.requestsOf(caseId).filter((record) => !record.isPreflight);
    const blocked = actual.filter((record) => record.corsError !== undefined || record.issueCorsError !== undefined);
    const allowed = actual.filter((record) => record.state === "finished");
    return { requests: actual.length, blocked: blocked.length, allowed: allowed.length };
  }

  async detach(): Promise<void> {
    this.waiters.clear();
    await this.session.detach().catch(() => undefined);
  }
}
