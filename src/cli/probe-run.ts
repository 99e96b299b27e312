// One request sent the way Chromium sends it (src/engine/request-plan.ts): the preflight when the
// plan has one, the request, each redirect followed by hand; after every answer the engine says
// whether Chromium would stop there (predictsRefusal), and at the end the answers, as the
// engine's ObservedExchange, are judged by the one judge (diagnose). Secrets are redacted in the
// exchange the moment an answer arrives; only the wire sees them.
import { diagnose, diagnosePreflight, predictsRefusal } from "../engine/diagnose";
import { planRedirect, planRequest, type PageRequest, type PlannedHop, type PlannedSend, type RequestPlan } from "../engine/request-plan";
import type { RedirectHopInput } from "../engine/redirects";
import type { Diagnosis, HeaderList, ObservedExchange, ObservedPreflight, ObservedRedirect, ObservedResponse } from "../engine/types";
import { redactHeaders, redactUrl } from "../report/redact";
import { NetworkFailure, type Answer, type Outgoing, type Transport } from "./http";

export interface ProbeOptions {
  /** The browser's cookie for the server: sent only where Chromium would send cookies. */
  readonly cookie?: string;
  /** Send an actual request whose method is not safe (POST, PUT, PATCH, DELETE, …). */
  readonly sendActual: boolean;
}

/** What was put on the wire, redacted, in order: for the output and the tests. */
export interface SentRequest {
  readonly kind: "preflight" | "request";
  readonly url: string;
  readonly method: string;
  readonly headers: HeaderList;
  readonly status: number | null;
}

export interface ProbeOutcome {
  readonly plan: RequestPlan;
  /** The answers as the engine reads them (redacted). */
  readonly exchange: ObservedExchange;
  readonly diagnosis: Diagnosis;
  readonly sent: readonly SentRequest[];
  /**
   * "sent": the actual request went out (or Chromium would have stopped before it);
   * "withheld": its method is not safe and --send-actual was not given, so only the preflight was judged.
   */
  readonly actual: "sent" | "withheld";
  /** The network error that ended the probe, when one did (not a CORS failure). */
  readonly networkError?: string;
}

/** Methods that change nothing on the server (RFC 9110 §9.2.1): sent without --send-actual. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function redacted(headers: HeaderList): HeaderList {
  return redactHeaders(headers).headers;
}

function response(answer: Answer): ObservedResponse {
  return { url: redactUrl(answer.url), status: answer.status, statusLine: `HTTP/1.1 ${answer.status} ${answer.statusText}`, headers: redacted(answer.headers), ...(answer.ip ? { ip: answer.ip } : {}) };
}

const REFUSED = "net::ERR_FAILED";

/** The exchange being built, hop by hop. */
interface State {
  preflight?: ObservedPreflight;
  readonly redirects: ObservedRedirect[];
  readonly hops: RedirectHopInput[];
  requestHeaders: HeaderList;
  readonly sent: SentRequest[];
}

function exchangeOf(plan: RequestPlan, state: State, end: Partial<ObservedExchange>): ObservedExchange {
  return {
    url: redactUrl(plan.url),
    method: plan.method,
    resourceType: "xmlhttprequest",
    initiator: plan.pageOrigin,
    documentUrl: `${plan.pageOrigin}/`,
    requestHeaders: state.requestHeaders,
    requestHeadersSent: false,
    redirects: [...state.redirects],
    completed: false,
    credentialsWitness: { mode: plan.credentials, via: "probe" },
    ...(state.preflight ? { preflight: state.preflight } : {}),
    ...end,
  };
}

class Prober {
  readonly state: State = { redirects: [], hops: [], requestHeaders: [], sent: [] };
  /** Set when the request ended in a network error Chromium would not call CORS. */
  networkError: string | undefined;
  constructor(
    readonly plan: RequestPlan,
    readonly transport: Transport,
    readonly options: ProbeOptions,
    readonly body: string | undefined,
  ) {}

  async send(kind: SentRequest["kind"], planned: PlannedSend): Promise<Answer> {
    const cookie = planned.credentials && this.options.cookie ? [{ name: "Cookie", value: this.options.cookie }] : [];
    const headers = [...planned.headers, ...cookie];
    const outgoing: Outgoing = { url: planned.url, method: planned.method, headers, ...(planned.body && this.body !== undefined ? { body: this.body } : {}) };
    const record = { kind, url: redactUrl(planned.url), method: planned.method, headers: redacted(headers) };
    try {
      const answer = await this.transport(outgoing);
      this.state.sent.push({ ...record, status: answer.status });
      return answer;
    } catch (error) {
      this.state.sent.push({ ...record, status: null });
      throw error;
    }
  }

  /** The preflight of a hop; an outcome when Chromium stops there. */
  async preflight(hop: PlannedHop): Promise<ObservedExchange | undefined> {
    if (!hop.preflight) return undefined;
    const base = { url: redactUrl(hop.preflight.url), requestHeaders: redacted(hop.preflight.headers) };
    let observed: ObservedPreflight;
    try {
      observed = { ...base, response: response(await this.send("preflight", hop.preflight)) };
    } catch (error) {
      if (!(error instanceof NetworkFailure)) throw error;
      this.attachPreflight({ ...base, error: error.netError });
      this.networkError = error.netError;
      return exchangeOf(this.plan, this.state, { error: error.netError });
    }
    this.attachPreflight(observed);
    const stopped = exchangeOf(this.plan, this.state, { error: REFUSED });
    return predictsRefusal(stopped) ? stopped : undefined;
  }

  attachPreflight(preflight: ObservedPreflight): void {
    const last = this.state.redirects.at(-1);
    if (last) this.state.redirects[this.state.redirects.length - 1] = { ...last, preflightAfter: preflight };
    else this.state.preflight = preflight;
  }

  /** Follows the request from `hop` to its end: the exchange to judge. */
  async follow(first: PlannedHop): Promise<{ exchange: ObservedExchange; actual: ProbeOutcome["actual"] }> {
    let hop = first;
    for (;;) {
      const stoppedAtPreflight = await this.preflight(hop);
      if (stoppedAtPreflight) return { exchange: stoppedAtPreflight, actual: "sent" };
      if (!isSafeMethod(hop.request.method) && !this.options.sendActual) return { exchange: exchangeOf(this.plan, this.state, {}), actual: "withheld" };
      this.state.requestHeaders = redacted(hop.request.credentials && this.options.cookie ? [...hop.request.headers, { name: "Cookie", value: "" }] : hop.request.headers);
      let answer: Answer;
      try {
        answer = await this.send("request", hop.request);
      } catch (error) {
        if (!(error instanceof NetworkFailure)) throw error;
        this.networkError = error.netError;
        return { exchange: exchangeOf(this.plan, this.state, { requestHeadersSent: true, error: error.netError }), actual: "sent" };
      }
      const next = this.afterAnswer(hop, answer);
      if ("exchange" in next) return { exchange: next.exchange, actual: "sent" };
      hop = next.hop;
    }
  }

  /** The request's answer: the end, or the next hop of a redirect Chromium follows. */
  afterAnswer(hop: PlannedHop, answer: Answer): { exchange: ObservedExchange } | { hop: PlannedHop } {
    const observed = response(answer);
    const ended = (end: Partial<ObservedExchange>): { exchange: ObservedExchange } => ({
      exchange: exchangeOf(this.plan, this.state, { requestHeadersSent: true, response: observed, ...end }),
    });
    const location = answer.headers.find((header) => header.name.toLowerCase() === "location")?.value;
    const isRedirect = answer.status >= 300 && answer.status < 400 && location !== undefined;
    if (predictsRefusal(ended({ error: REFUSED }).exchange)) return ended({ error: REFUSED });
    if (!isRedirect) return ended({ completed: true });
    // Fetch's redirect mode 'manual': the page gets an opaque redirect (Chromium ends it with ERR_ABORTED).
    if (this.plan.redirect === "manual") return ended({ error: "net::ERR_ABORTED" });
    this.state.hops.push({ url: answer.url, status: answer.status, location, originSent: hop.origin });
    const next = planRedirect(this.plan, this.state.hops);
    if (!next.hop) {
      // Credentials in the Location are a CORS refusal: the engine names it.
      if (next.step.stop?.kind === "credentials-in-location") return ended({ error: REFUSED });
      // Stopped by the redirect mode or the limit: a network error of the fetch, not a CORS one.
      this.networkError = next.step.stop?.kind === "too-many-redirects" ? "net::ERR_TOO_MANY_REDIRECTS" : REFUSED;
      return { exchange: exchangeOf(this.plan, this.state, { requestHeadersSent: true, response: observed, error: this.networkError }) };
    }
    this.state.redirects.push({ ...observed, location: redactUrl(location), requestHeaders: this.state.requestHeaders });
    return { hop: next.hop };
  }
}

/** Sends `request` as Chromium would and judges the answers with the engine. */
export async function probe(request: PageRequest, transport: Transport, options: ProbeOptions): Promise<ProbeOutcome> {
  const plan = planRequest(request);
  const prober = new Prober(plan, transport, options, request.body);
  const { exchange, actual } = await prober.follow(plan.first);
  const networkError = prober.networkError;
  return {
    plan,
    exchange,
    diagnosis: actual === "withheld" ? diagnosePreflight(exchange) : diagnose(exchange),
    sent: prober.state.sent,
    actual,
    ...(networkError ? { networkError } : {}),
  };
}
