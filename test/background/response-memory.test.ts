// The capture's memory of cacheable responses: what webRequest shows of a no-cors load, then of a
// CORS fetch answered from the browser's cache (observed in Chromium 156, CORS-FACTS §6), gives
// the engine the earlier response as evidence.
import { describe, expect, it } from "vitest";
import { Capture } from "../../src/background/capture";
import type { CapturedRequest } from "../../src/background/exchanges";
import { MEMORY_URLS, ResponseMemory } from "../../src/background/response-memory";
import { diagnose } from "../../src/engine";

const PAGE = "http://localhost:8000";
const API = "http://127.0.0.1:9000";
const URL_ = `${API}/data?case=cache&n=1`;
const DATE = "Mon, 07 Dec 2026 11:26:35 GMT";
const T0 = Date.parse(DATE) + 200;
const headers = (record: Record<string, string>) => Object.entries(record).map(([name, value]) => ({ name, value }));
const STORED = { "Cache-Control": "max-age=600", "Content-Type": "text/plain", Date: DATE };
const FRESH = { ...STORED, Connection: "keep-alive", "Keep-Alive": "timeout=5", "Transfer-Encoding": "chunked" };

function event(requestId: string, timeStamp: number, type = "xmlhttprequest", method = "GET") {
  return { requestId, method, url: URL_, type, tabId: 1, frameId: 0, timeStamp, initiator: PAGE };
}

function capture(): { capture: Capture; finished: CapturedRequest[] } {
  const finished: CapturedRequest[] = [];
  const instance = new Capture({ finished: (r) => finished.push(r), navigated: () => undefined, navigationEnded: () => undefined, dirty: () => undefined });
  return { capture: instance, finished };
}

describe("the capture's memory of cacheable responses", () => {
  it("hands a refused CORS fetch the earlier no-cors response, and the engine names the cache", () => {
    const { capture: c, finished } = capture();
    c.onSendHeaders({ ...event("1", T0, "image"), requestHeaders: headers({ "Sec-Fetch-Mode": "no-cors" }) });
    c.onHeadersReceived({ ...event("1", T0 + 5, "image"), statusCode: 200, responseHeaders: headers(FRESH) });
    c.onCompleted({ ...event("1", T0 + 6, "image"), statusCode: 200 });
    c.onSendHeaders({ ...event("2", T0 + 300), requestHeaders: headers({ Origin: PAGE, "Sec-Fetch-Mode": "cors" }) });
    c.onHeadersReceived({ ...event("2", T0 + 301), statusCode: 200, responseHeaders: headers(STORED) });
    c.onErrorOccurred({ ...event("2", T0 + 302), error: "net::ERR_FAILED" });
    expect(finished).toHaveLength(1);
    const exchange = finished[0]!.exchange;
    expect(exchange.startedAt).toBe(T0 + 300);
    expect(exchange.earlier).toMatchObject({ seenAt: T0 + 5, requestOrigin: null, allowOrigin: null, date: DATE, hopByHop: true, resourceType: "image" });
    const diagnosis = diagnose(JSON.parse(JSON.stringify(exchange)));
    expect(diagnosis.code).toBe("MissingAllowOriginHeader");
    expect(diagnosis.explanation).toMatch(/^Served from the browser's HTTP cache/);
  });

  it("forgets nothing it should keep and keeps nothing it should not", () => {
    const memory = new ResponseMemory();
    const response = (id: string, record: Record<string, string>, url = URL_) => ({ ...event(id, T0), url, statusCode: 200, responseHeaders: headers(record) });
    memory.observe(response("1", { ...FRESH, Vary: "Accept-Encoding, Origin" }), null);
    memory.observe(response("2", { Date: DATE, "Cache-Control": "no-store" }), null);
    expect(memory.size).toBe(0);
    for (let i = 0; i < MEMORY_URLS + 10; i += 1) memory.observe(response(String(i), FRESH, `${API}/r${i}`), null);
    expect(memory.size).toBe(MEMORY_URLS);
    expect(memory.evidenceFor(`${API}/r0`, T0 + 1).earlier).toBeUndefined();
    expect(memory.evidenceFor(`${API}/r${MEMORY_URLS + 9}`, T0 + 1).earlier).toBeDefined();
    // Only what was seen before the request started counts.
    expect(memory.evidenceFor(`${API}/r${MEMORY_URLS + 9}`, T0 - 1).earlier).toBeUndefined();
    // The server's clock: Date − arrival, plus the second Date rounds away.
    expect(memory.evidenceFor(`${API}/x`, T0).serverDateSkew).toBe(Date.parse(DATE) + 1_000 - T0);
  });

  it("keeps the URL redacted, as the exchange's URL is", () => {
    const memory = new ResponseMemory();
    const secret = `${API}/data?token=LAB-SECRET-token`;
    memory.observe({ ...event("1", T0), url: secret, statusCode: 200, responseHeaders: headers(FRESH) }, null);
    expect(memory.evidenceFor(secret, T0 + 1).earlier).toBeUndefined();
    expect(memory.evidenceFor(`${API}/data?token=REDACTED`, T0 + 1).earlier).toBeDefined();
  });
});
