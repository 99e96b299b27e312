// Firefox's webRequest sequences as observed in Firefox ESR 153 (docs/firefox.md), replayed into the
// capture: the actual request's onSendHeaders comes before its preflight's, a refused preflight fails
// both with NS_ERROR_DOM_BAD_URI, a refused response completes.
import { describe, expect, it } from "vitest";
import { Capture } from "../../src/background/capture";
import type { CapturedRequest } from "../../src/background/exchanges";
import { diagnose } from "../../src/engine";

const PAGE = "http://localhost:8000";
const API = "http://127.0.0.1:9000";
const URL_ = `${API}/case/x?case=x`;
const TAB = 3;

let clock = 5_000;
const headers = (record: Record<string, string>) => Object.entries(record).map(([name, value]) => ({ name, value }));
// Firefox gives originUrl and documentUrl, no initiator.
function base(requestId: string, method: string, url = URL_) {
  return { requestId, method, url, type: "xmlhttprequest", tabId: TAB, timeStamp: clock++, originUrl: `${PAGE}/`, documentUrl: `${PAGE}/`, frameId: 0 };
}
const FETCH_HEADERS = { Accept: "*/*", Origin: PAGE, "Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "cross-site" };
const send = (id: string, method: string, extra: Record<string, string> = {}) => ({ ...base(id, method), requestHeaders: headers({ ...FETCH_HEADERS, ...extra }) });
const preflightSend = (id: string, method: string) => send(id, "OPTIONS", { "Access-Control-Request-Method": method });
const answer = (id: string, method: string, statusCode: number, hdrs: Record<string, string> = {}) => ({ ...base(id, method), statusCode, responseHeaders: headers(hdrs), ip: "127.0.0.1" });
const complete = (id: string, method: string, statusCode = 200) => ({ ...base(id, method), statusCode, ip: "127.0.0.1" });
const fail = (id: string, method: string, error = "NS_ERROR_DOM_BAD_URI") => ({ ...base(id, method), error });

function recorder(browser: "firefox" | "chromium" = "firefox") {
  const finished: CapturedRequest[] = [];
  const urgent: string[] = [];
  const capture = new Capture(
    { finished: (r) => finished.push(r), navigated: () => undefined, navigationEnded: () => undefined, dirty: (id, isUrgent) => void (isUrgent && urgent.push(id)) },
    browser,
  );
  return { capture, finished, urgent };
}

describe("Capture in Firefox's event order", () => {
  it("pairs a refused preflight that came after its request's headers, and reports the request as never sent", () => {
    const { capture, finished, urgent } = recorder();
    capture.onSendHeaders(send("20", "DELETE"));
    capture.onSendHeaders(preflightSend("21", "DELETE"));
    capture.onHeadersReceived(answer("21", "OPTIONS", 404));
    capture.onErrorOccurred(fail("21", "OPTIONS"));
    capture.onErrorOccurred(fail("20", "DELETE"));
    expect(finished).toHaveLength(1);
    const [request] = finished as [CapturedRequest];
    expect(request.id).toBe("20");
    expect(request.judgedRefused).toBe(true);
    expect(urgent).toContain("20");
    expect(request.exchange).toMatchObject({ browser: "firefox", method: "DELETE", requestHeadersSent: false, error: "NS_ERROR_DOM_BAD_URI" });
    expect(request.exchange.preflight?.response?.status).toBe(404);
    const diagnosis = diagnose(request.exchange);
    expect(diagnosis).toMatchObject({ verdict: "blocked", code: "PreflightMissingAllowOriginHeader", stage: "preflight" });
    expect(diagnosis.firefoxReason?.key).toBe("CORSMissingAllowOrigin");
    expect(capture.state().preflights).toEqual([]);
    expect(capture.state().inFlight).toEqual([]);
  });

  it("pairs a preflight that comes after a worker restart with the restored request that waited for it", () => {
    const before = recorder();
    before.capture.onSendHeaders(send("30", "DELETE"));
    const state = JSON.parse(JSON.stringify(before.capture.state())) as ReturnType<Capture["state"]>;
    const { capture, finished } = recorder();
    capture.recovery.restore(state, clock);
    capture.onSendHeaders(preflightSend("31", "DELETE"));
    capture.onHeadersReceived(answer("31", "OPTIONS", 404));
    capture.onErrorOccurred(fail("31", "OPTIONS"));
    capture.onErrorOccurred(fail("30", "DELETE"));
    expect(finished.map((r) => [r.id, r.exchange.preflight?.response?.status, r.exchange.requestHeadersSent])).toEqual([["30", 404, false]]);
    expect(diagnose(finished[0]!.exchange).code).toBe("PreflightMissingAllowOriginHeader");
  });

  it("pairs a passing preflight and the request it let through", () => {
    const { capture, finished } = recorder();
    capture.onSendHeaders(send("22", "PUT", { "X-Api-Key": "k" }));
    capture.onSendHeaders({ ...preflightSend("23", "PUT"), requestHeaders: headers({ ...FETCH_HEADERS, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "x-api-key" }) });
    const allow = { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "x-api-key" };
    capture.onHeadersReceived(answer("23", "OPTIONS", 204, allow));
    capture.onCompleted(complete("23", "OPTIONS", 204));
    capture.onHeadersReceived(answer("22", "PUT", 200, { "Access-Control-Allow-Origin": PAGE }));
    capture.onCompleted(complete("22", "PUT"));
    expect(finished).toHaveLength(1);
    const { exchange } = finished[0]!;
    expect(exchange).toMatchObject({ requestHeadersSent: true, completed: true });
    expect(exchange.preflight?.response?.status).toBe(204);
    expect(diagnose(exchange).verdict).toBe("allowed");
    expect(capture.state().preflights).toEqual([]);
  });

  it("reports a response refused in Firefox (it completes) so that its headers decide", () => {
    const { capture, finished } = recorder();
    capture.onSendHeaders(send("19", "GET"));
    capture.onHeadersReceived(answer("19", "GET", 200));
    capture.onCompleted(complete("19", "GET"));
    expect(finished[0]!.exchange).toMatchObject({ browser: "firefox", completed: true });
    expect(diagnose(finished[0]!.exchange)).toMatchObject({ verdict: "blocked", code: "MissingAllowOriginHeader" });
  });

  it("pairs a redirected preflight that never ends", () => {
    const { capture, finished } = recorder();
    capture.onSendHeaders(send("18", "PUT"));
    capture.onSendHeaders(preflightSend("19p", "PUT"));
    capture.onHeadersReceived(answer("19p", "OPTIONS", 301, { "Access-Control-Allow-Origin": PAGE, Location: `${API}/moved` }));
    capture.onErrorOccurred(fail("18", "PUT"));
    const diagnosis = diagnose(finished[0]!.exchange);
    expect(diagnosis).toMatchObject({ verdict: "blocked", code: "PreflightDisallowedRedirect" });
    expect(diagnosis.firefoxReason?.key).toBe("CORSExternalRedirectNotAllowed");
    expect(capture.state().preflights).toEqual([]);
  });

  it("pairs parallel requests to the same URL each with its own preflight, in order", () => {
    const { capture, finished } = recorder();
    capture.onSendHeaders(send("30", "PUT"));
    capture.onSendHeaders(send("31", "PUT"));
    capture.onSendHeaders(preflightSend("32", "PUT"));
    capture.onSendHeaders(preflightSend("33", "PUT"));
    capture.onHeadersReceived(answer("33", "OPTIONS", 500, { "Access-Control-Allow-Origin": PAGE }));
    capture.onHeadersReceived(answer("32", "OPTIONS", 404, { "Access-Control-Allow-Origin": PAGE }));
    capture.onErrorOccurred(fail("31", "PUT"));
    capture.onErrorOccurred(fail("30", "PUT"));
    const statusOf = (id: string) => finished.find((r) => r.id === id)?.exchange.preflight?.response?.status;
    expect([statusOf("30"), statusOf("31")]).toEqual([404, 500]);
  });

  it("does not pair a late preflight in Chromium, where preflights come first", () => {
    const { capture, finished } = recorder("chromium");
    capture.onSendHeaders(send("40", "PUT"));
    capture.onSendHeaders(preflightSend("41", "PUT"));
    capture.onHeadersReceived(answer("40", "PUT", 200, { "Access-Control-Allow-Origin": PAGE }));
    capture.onCompleted(complete("40", "PUT"));
    expect(finished[0]!.exchange.preflight).toBeUndefined();
    expect(finished[0]!.exchange.browser).toBeUndefined();
  });
});
